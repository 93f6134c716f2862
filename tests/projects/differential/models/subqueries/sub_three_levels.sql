-- Three nested subqueries.
select z * 2 as w
from (select y + 1 as z from (select x - 1 as y from (select u8 as x from {{ ref('typed_numbers') }})))
