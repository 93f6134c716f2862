select id, name
from {{ ref('raw_items') }}
where amount > 4
