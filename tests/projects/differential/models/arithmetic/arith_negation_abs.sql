-- Unary minus makes unsigned values signed; abs makes signed ones unsigned.
select
    -u8 as neg_u8,
    -u32 as neg_u32,
    -u64 as neg_u64,
    -i8 as neg_i8,
    -f32 as neg_f32,
    abs(i8) as abs_i8,
    abs(i64) as abs_i64,
    abs(f64) as abs_f64
from {{ ref('typed_numbers') }}
