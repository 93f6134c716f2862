-- The remainder's type follows its operands.
select
    u32 % 7 as u32_mod_seven,
    i64 % 3 as i64_mod_three,
    f64 % 2 as f64_mod_two,
    u8 % u16 as u8_mod_u16,
    i8 % u8 as i8_mod_u8,
    modulo(u64, 10) as u64_modulo
from {{ ref('typed_numbers') }}
