-- EXISTS.
select order_id
from {{ ref('shop_orders') }} as o
where exists (select 1 from {{ ref('shop_customers') }} as c where c.country = 'FR')
