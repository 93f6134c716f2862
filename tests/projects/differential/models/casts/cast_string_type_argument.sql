-- CAST with the type as a string, accurateCast.
select
    CAST(u8, 'UInt16') as to_u16,
    accurateCast(u32, 'UInt64') as accurate,
    accurateCastOrNull(i32, 'UInt8') as accurate_or_null,
    CAST(n_i32, 'Nullable(Int64)') as nullable_to_i64
from {{ ref('typed_numbers') }}
