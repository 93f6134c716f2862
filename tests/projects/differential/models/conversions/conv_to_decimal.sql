-- toDecimalN(x, scale).
select
    toDecimal64(u32, 2) as u32_to_dec64,
    toDecimal32(f32, 3) as f32_to_dec32,
    toDecimal128(u8, 10) as u8_to_dec128,
    toDecimal256(1, 5) as literal_to_dec256,
    toDecimal64(n_i32, 2) as nullable_to_dec64
from {{ ref('typed_numbers') }}
