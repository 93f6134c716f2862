-- USING merges the key: UInt32 with UInt64.
select customer_id, order_id, name
from {{ ref('shop_orders') }}
inner join {{ ref('shop_customers') }} using (customer_id)
