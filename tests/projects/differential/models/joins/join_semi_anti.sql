-- LEFT SEMI and LEFT ANTI joins keep the left side's columns.
select o.order_id, o.status
from {{ ref('shop_orders') }} as o
left semi join {{ ref('shop_customers') }} as c on o.customer_id = c.customer_id
