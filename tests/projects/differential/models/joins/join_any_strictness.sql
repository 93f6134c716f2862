-- ANY LEFT JOIN, in both of ClickHouse's word orders.
select o.order_id, c.name, c2.country
from {{ ref('shop_orders') }} as o
any left join {{ ref('shop_customers') }} as c on o.customer_id = c.customer_id
left any join {{ ref('shop_customers') }} as c2 on o.customer_id = c2.customer_id
