-- Aggregates without aliases.
select lc, count(), sum(id), max(s)
from {{ ref('typed_text') }}
group by lc
