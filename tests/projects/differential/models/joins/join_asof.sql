-- ASOF JOIN: the closest match.
select o.order_id, c.name, c.signup
from {{ ref('shop_orders') }} as o
asof left join (select customer_id, name, signup, toDateTime(signup) as signup_time from {{ ref('shop_customers') }}) as c
    on o.customer_id = c.customer_id and o.ordered_at >= c.signup_time
