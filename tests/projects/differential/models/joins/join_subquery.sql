-- Joining an aggregated subquery.
select c.name, agg.orders, agg.total
from {{ ref('shop_customers') }} as c
left join (
    select customer_id, count() as orders, sum(amount) as total from {{ ref('shop_orders') }} group by customer_id
) as agg on agg.customer_id = c.customer_id
