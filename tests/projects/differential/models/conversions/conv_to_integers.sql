-- toIntN and toUIntN.
select
    toUInt32(u64) as u64_to_u32,
    toInt8(s_number) as string_to_i8,
    toUInt64(f64) as float_to_u64,
    toInt32(u8) as u8_to_i32,
    toUInt8(u8 > 1) as bool_to_u8,
    toInt64(n_i32) as nullable_to_i64
from (select *, toString(u8) as s_number from {{ ref('typed_numbers') }})
