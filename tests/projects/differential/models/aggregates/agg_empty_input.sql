-- Aggregates over no rows still give one row.
select count() as n, sum(u8) as total, max(s) as largest
from {{ ref('typed_numbers') }}
inner join {{ ref('typed_text') }} using (id)
where 0
