-- The ternary operator `c ? a : b`.
select
    u8 > 1 ? u8 : u16 as ternary_numbers,
    u8 > 1 ? 'big' : 'small' as ternary_strings
from {{ ref('typed_numbers') }}
