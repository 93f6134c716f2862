-- GROUP BY an alias of an expression.
select toStartOfMonth(d) as month, count() as n, max(dt) as last_time
from {{ ref('typed_times') }}
group by month
