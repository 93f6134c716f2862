-- RIGHT JOIN: the left side is default-filled.
select o.order_id, o.amount, o.coupon, c.name
from {{ ref('shop_orders') }} as o
right join {{ ref('shop_customers') }} as c on o.customer_id = c.customer_id
