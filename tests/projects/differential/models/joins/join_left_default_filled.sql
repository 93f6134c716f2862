-- LEFT JOIN: with join_use_nulls = 0 the right side is default-filled, not Nullable.
select o.order_id, c.name, c.signup, c.customer_id as right_id, c.referrer_id
from {{ ref('shop_orders') }} as o
left join {{ ref('shop_customers') }} as c on o.customer_id = c.customer_id
