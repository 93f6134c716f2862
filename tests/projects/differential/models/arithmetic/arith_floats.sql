-- Float arithmetic.
select
    f32 + f32 as f32_f32,
    f32 + u8 as f32_u8,
    f32 * i16 as f32_i16,
    f64 * i64 as f64_i64,
    f32 + f64 as f32_f64,
    f32 + 1.5 as f32_literal
from {{ ref('typed_numbers') }}
