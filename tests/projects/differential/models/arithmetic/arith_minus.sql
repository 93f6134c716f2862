-- Subtraction of unsigned values is signed.
select
    u8 - u8 as u8_u8,
    u32 - u32 as u32_u32,
    u64 - u64 as u64_u64,
    u16 - 1 as u16_one,
    i32 - i8 as i32_i8
from {{ ref('typed_numbers') }}
