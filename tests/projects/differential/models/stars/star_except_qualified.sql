-- t.* EXCEPT inside a join.
select o.* except (coupon, discount), c.country
from {{ ref('shop_orders') }} as o
inner join {{ ref('shop_customers') }} as c on o.customer_id = c.customer_id
