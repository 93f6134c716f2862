-- FULL JOIN: both sides default-filled.
select o.order_id, c.name, o.status, c.country
from {{ ref('shop_orders') }} as o
full join {{ ref('shop_customers') }} as c on o.customer_id = c.customer_id
