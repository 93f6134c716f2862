-- WITH ROLLUP keeps the key types (group_by_use_nulls is 0).
select lc, fs, count() as n
from {{ ref('typed_text') }}
group by lc, fs with rollup
