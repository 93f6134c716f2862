-- QUALIFY on a window function.
select id, lc, row_number() over (partition by lc order by id) as rn
from {{ ref('typed_text') }}
qualify rn = 1
