-- Unqualified columns found in whichever side has them.
select order_id, name, amount, country
from {{ ref('shop_orders') }} as o
inner join {{ ref('shop_customers') }} as c on o.customer_id = c.customer_id
