-- sum over each numeric type.
select
    sum(u8) as sum_u8,
    sum(i8) as sum_i8,
    sum(u64) as sum_u64,
    sum(i128) as sum_i128,
    sum(u256) as sum_u256,
    sum(f32) as sum_f32,
    sum(f64) as sum_f64,
    sum(n_i32) as sum_nullable
from {{ ref('typed_numbers') }}
