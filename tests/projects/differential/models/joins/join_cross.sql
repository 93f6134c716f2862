-- CROSS JOIN and a comma join.
select n.id as left_id, t.id as right_id, t.s
from {{ ref('typed_numbers') }} as n
cross join {{ ref('typed_text') }} as t
