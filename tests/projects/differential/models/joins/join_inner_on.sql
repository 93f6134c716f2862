-- INNER JOIN ... ON with qualified columns.
select o.order_id, c.name, o.amount, c.signup
from {{ ref('shop_orders') }} as o
inner join {{ ref('shop_customers') }} as c on o.customer_id = c.customer_id
