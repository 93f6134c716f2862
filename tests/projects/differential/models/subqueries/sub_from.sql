-- A subquery in FROM without an alias.
select x, x + 1 as y
from (select u8 + 1 as x from {{ ref('typed_numbers') }})
