-- HAVING with an aggregate that is not selected.
select customer_id, count() as orders
from {{ ref('shop_orders') }}
group by customer_id
having sum(amount) > 10
