-- t.* from one side of a join, plus a column of the other.
select o.*, c.name
from {{ ref('shop_orders') }} as o
inner join {{ ref('shop_customers') }} as c on o.customer_id = c.customer_id
