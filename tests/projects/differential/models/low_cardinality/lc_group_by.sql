-- LowCardinality GROUP BY keys.
select lc, lcn, count() as n
from {{ ref('typed_text') }}
group by lc, lcn
