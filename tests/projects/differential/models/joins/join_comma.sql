-- A comma join with the condition in WHERE.
select n.u8, t.s
from {{ ref('typed_numbers') }} as n, {{ ref('typed_text') }} as t
where n.id = t.id
