-- An alias used in HAVING.
select lc, count() as n, n * 2 as double_n
from {{ ref('typed_text') }}
group by lc
having double_n > 1
