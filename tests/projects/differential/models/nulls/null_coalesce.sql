-- coalesce() drops Nullable when a later argument is not Nullable.
select
    coalesce(n_i32, 0) as int_or_zero,
    coalesce(n_i32, u8) as int_or_u8,
    coalesce(n_i32, n_f64) as both_nullable,
    coalesce(n_f64, f64) as float_or_float,
    coalesce(n_i32, n_i32, -1) as three_arguments
from {{ ref('typed_numbers') }}
