-- An alias with a column's name replaces the column in the SELECT.
select u8 + 1 as u8, u8 * 2 as twice
from {{ ref('typed_numbers') }}
