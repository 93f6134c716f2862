-- GROUP BY position.
select lc, length(s) as len, count() as n
from {{ ref('typed_text') }}
group by 1, 2
