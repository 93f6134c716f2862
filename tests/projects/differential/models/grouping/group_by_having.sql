-- GROUP BY with HAVING over an aggregate alias.
select u8, count() as n, sum(u32) as total
from {{ ref('typed_numbers') }}
group by u8
having n > 0
