-- LEFT JOIN USING.
select customer_id, order_id, name, referrer_id
from {{ ref('shop_orders') }}
left join {{ ref('shop_customers') }} using (customer_id)
