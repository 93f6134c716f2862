-- Aggregate functions over windows.
select
    id,
    sum(u32) over (partition by u8) as sum_by_u8,
    avg(f64) over () as avg_all,
    count() over (partition by u8 > 1) as count_by_flag,
    max(i16) over (order by id) as running_max,
    sum(n_i32) over () as sum_nullable
from {{ ref('typed_numbers') }}
