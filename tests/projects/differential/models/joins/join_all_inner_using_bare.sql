-- ALL INNER JOIN with USING and no parentheses.
select customer_id, order_id, name
from {{ ref('shop_orders') }}
all inner join {{ ref('shop_customers') }} using customer_id
