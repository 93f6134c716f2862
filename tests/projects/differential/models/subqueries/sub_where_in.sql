-- A subquery in WHERE.
select id, s
from {{ ref('typed_text') }}
where id in (select id from {{ ref('typed_numbers') }} where u8 > 1)
