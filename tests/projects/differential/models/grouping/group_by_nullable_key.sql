-- A Nullable GROUP BY key stays Nullable.
select ns, count() as n, sum(id) as ids
from {{ ref('typed_text') }}
group by ns
