-- An alias used before the expression that defines it.
select b + 1 as a, u8 as b
from {{ ref('typed_numbers') }}
