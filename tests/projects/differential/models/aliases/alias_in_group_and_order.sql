-- An alias used in GROUP BY and ORDER BY.
select toYear(d) as y, count() as n
from {{ ref('typed_times') }}
group by y
order by y
