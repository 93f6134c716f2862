-- A join condition with expressions and a Nullable key.
select c.name, r.name as referrer_name
from {{ ref('shop_customers') }} as c
left join {{ ref('shop_customers') }} as r on c.referrer_id = r.customer_id
