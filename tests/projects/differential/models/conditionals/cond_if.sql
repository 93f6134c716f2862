-- if() takes the common supertype of its branches.
select
    if(u8 > 1, u8, u16) as u8_or_u16,
    if(u8 > 1, 1, -1) as one_or_minus_one,
    if(u8 > 1, 'a', 'b') as a_or_b,
    if(u8 > 1, 1, 1.5) as int_or_float,
    if(u8 > 1, i32, u32) as i32_or_u32,
    if(u8 > 1, f32, u8) as f32_or_u8
from {{ ref('typed_numbers') }}
