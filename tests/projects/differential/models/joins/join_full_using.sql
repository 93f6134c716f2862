-- FULL JOIN USING.
select customer_id, order_id, name
from {{ ref('shop_orders') }}
full join {{ ref('shop_customers') }} using (customer_id)
