-- A CTE defined inside a FROM subquery.
select total
from (
    with per_customer as (select customer_id, sum(amount) as total from {{ ref('shop_orders') }} group by customer_id)
    select total from per_customer
)
