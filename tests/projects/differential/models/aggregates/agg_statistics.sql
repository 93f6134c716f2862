-- Statistical aggregates.
select
    stddevPop(f64) as stddev_f64,
    varSamp(u8) as var_u8,
    corr(f64, f32) as correlation,
    covarPop(i32, u32) as covariance,
    stddevSamp(d_dec) as stddev_decimal
from (select *, toDecimal32(u8, 2) as d_dec from {{ ref('typed_numbers') }})
