-- Join strictness in ClickHouse's word orders, with join_use_nulls: the kind decides nullability.
select o.order_id, c.name, c2.country
from {{ ref('shop_orders') }} as o
semi left join {{ ref('shop_customers') }} as c on o.customer_id = c.customer_id
global any left join {{ ref('shop_customers') }} as c2 on o.customer_id = c2.customer_id
settings join_use_nulls = 1
