-- Parametric aggregates: quantile, quantiles, median.
select
    quantile(0.9)(u32) as p90_u32,
    quantile(f64) as median_f64,
    median(i32) as median_i32,
    quantiles(0.5, 0.9)(u8) as p50_p90_u8,
    quantileExact(0.5)(u8) as exact_u8,
    quantileTDigest(0.5)(f32) as tdigest_f32,
    quantile(0.5)(d) as median_date
from {{ ref('typed_numbers') }} as n
inner join {{ ref('typed_times') }} as t using (id)
