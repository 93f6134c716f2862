-- Math functions.
select
    sqrt(u32) as sqrt_u32,
    round(f64, 1) as round_f64,
    round(f32) as round_f32,
    round(u32) as round_u32,
    floor(f32) as floor_f32,
    ceil(f64) as ceil_f64,
    exp(u8) as exp_u8,
    log(f64) as log_f64,
    pow(u8, 2) as pow_u8,
    greatest(u8, u16) as greatest_u8_u16,
    least(i8, u8) as least_i8_u8,
    bitAnd(u8, u16) as bit_and,
    sign(i32) as sign_i32
from {{ ref('typed_numbers') }}
