-- Three tables joined.
select n.id, n.u8, t.s, m.flag
from {{ ref('typed_numbers') }} as n
inner join {{ ref('typed_text') }} as t on n.id = t.id
inner join {{ ref('typed_misc') }} as m on m.id = t.id
