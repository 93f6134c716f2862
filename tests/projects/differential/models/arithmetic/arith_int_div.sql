-- intDiv keeps integers.
select
    intDiv(u32, 7) as u32_by_seven,
    intDiv(i8, u8) as i8_by_u8,
    intDiv(u64, u8) as u64_by_u8,
    intDiv(i64, 2) as i64_by_two,
    intDivOrZero(u16, u8) as or_zero,
    intDiv(f64, 2) as float_by_two
from {{ ref('typed_numbers') }}
