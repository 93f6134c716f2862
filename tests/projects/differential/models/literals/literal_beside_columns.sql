-- Literals next to table columns.
select id, 1 as one, 'x' as x, 1.5 as f, NULL as n
from {{ ref('typed_text') }}
