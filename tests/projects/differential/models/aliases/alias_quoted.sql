-- Quoted aliases with spaces and capitals.
select u8 as `my column`, s as "Other Name", id as `id`
from {{ ref('typed_numbers') }}
inner join {{ ref('typed_text') }} using (id)
