-- Mixing signed and unsigned operands.
select
    i8 * u8 as i8_times_u8,
    i8 + u8 as i8_plus_u8,
    i16 - u16 as i16_minus_u16,
    i32 * u32 as i32_times_u32,
    i8 + i8 as i8_plus_i8,
    i64 + i64 as i64_plus_i64,
    u8 + -1 as u8_plus_minus_one
from {{ ref('typed_numbers') }}
