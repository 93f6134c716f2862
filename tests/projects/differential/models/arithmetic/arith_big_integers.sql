-- 128- and 256-bit integers.
select
    i128 + 1 as i128_plus_one,
    u256 * 2 as u256_twice,
    i128 + i64 as i128_plus_i64,
    u256 + u8 as u256_plus_u8,
    i128 / 2 as i128_half
from {{ ref('typed_numbers') }}
