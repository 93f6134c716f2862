-- Arithmetic on Nullable operands is Nullable.
select
    n_i32 + 1 as n_plus_one,
    n_i32 * n_f64 as n_times_n,
    n_i32 / 2 as n_half,
    n_i32 - u8 as n_minus_u8,
    intDiv(n_i32, 2) as n_int_div
from {{ ref('typed_numbers') }}
