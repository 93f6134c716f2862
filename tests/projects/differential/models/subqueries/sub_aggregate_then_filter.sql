-- Aggregating in a subquery, then filtering outside.
select customer_id, orders
from (select customer_id, count() as orders, sum(amount) as total from {{ ref('shop_orders') }} group by customer_id)
where total > 5
