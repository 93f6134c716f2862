-- The `x::T` cast.
select
    u8::Int64 as to_i64,
    '2024-01-01'::Date as to_date,
    id::Float32 as to_f32,
    1::Nullable(UInt8) as to_nullable,
    u16::String as to_string
from {{ ref('typed_numbers') }}
