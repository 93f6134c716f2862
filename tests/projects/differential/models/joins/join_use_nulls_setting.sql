-- join_use_nulls = 1 in the query's SETTINGS makes the outer side Nullable.
select o.order_id, c.name, c.signup
from {{ ref('shop_orders') }} as o
left join {{ ref('shop_customers') }} as c on o.customer_id = c.customer_id
settings join_use_nulls = 1
