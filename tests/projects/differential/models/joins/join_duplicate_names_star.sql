-- SELECT * over a join whose sides share column names.
select *
from {{ ref('typed_numbers') }} as n
inner join {{ ref('typed_text') }} as t on n.id = t.id
