-- A table joined to itself.
select a.order_id, b.order_id as other_order_id, a.amount + b.amount as both_amounts
from {{ ref('shop_orders') }} as a
inner join {{ ref('shop_orders') }} as b on a.customer_id = b.customer_id and a.order_id < b.order_id
