-- A subquery in FROM with an alias, columns qualified.
select q.x, q.label
from (select u16 as x, toString(id) as label from {{ ref('typed_numbers') }}) as q
