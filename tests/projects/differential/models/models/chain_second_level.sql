-- A model two models away from the seeds, joining a seed.
select c.name, r.average, r.last_day, c.country
from {{ ref('chain_view_reader') }} as r
inner join {{ ref('shop_customers') }} as c on c.customer_id = r.customer_id
