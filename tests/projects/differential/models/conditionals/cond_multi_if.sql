-- multiIf() takes the common supertype of its branches.
select
    multiIf(u8 = 1, 'one', u8 = 2, 'two', 'many') as words,
    multiIf(u8 = 1, u8, u8 = 2, i16, 0) as numbers,
    multiIf(u8 = 1, f32, u8 = 2, d_u32, 0) as float_or_int
from (select *, toUInt32(u16) as d_u32 from {{ ref('typed_numbers') }})
