-- Decimals with integer operands.
select
    d9_2 + 1 as plus_one,
    d9_2 * 2 as times_two,
    d18_4 + id as plus_u32,
    d9_2 * id as times_u32,
    d9_2 - 300 as minus_300
from {{ ref('typed_decimals') }}
