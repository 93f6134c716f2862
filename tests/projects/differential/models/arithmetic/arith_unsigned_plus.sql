-- Unsigned addition widens to the next size.
select
    u8 + u8 as u8_u8,
    u8 + u16 as u8_u16,
    u16 + u32 as u16_u32,
    u32 + u64 as u32_u64,
    u64 + u64 as u64_u64,
    u8 + 1 as u8_one,
    u8 + 300 as u8_300
from {{ ref('typed_numbers') }}
