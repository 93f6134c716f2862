-- A qualified column without an alias is named by its column.
select t.s, n.u8
from {{ ref('typed_text') }} as t
inner join {{ ref('typed_numbers') }} as n on t.id = n.id
