-- An alias used by later expressions of the same SELECT.
select u8 + 1 as a, a * 2 as b, b - a as c
from {{ ref('typed_numbers') }}
