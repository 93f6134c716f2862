-- `/` is Float64 for integers and floats.
select
    u8 / u8 as u8_u8,
    i32 / 2 as i32_two,
    f32 / f32 as f32_f32,
    u64 / 3 as u64_three,
    f64 / u8 as f64_u8,
    1 / 2 as one_half
from {{ ref('typed_numbers') }}
