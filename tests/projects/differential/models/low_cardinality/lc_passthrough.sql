-- LowCardinality columns selected as they are.
select lc, lcn, lc as renamed
from {{ ref('typed_text') }}
