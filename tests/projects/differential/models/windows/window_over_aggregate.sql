-- A window over an aggregate in a GROUP BY query.
select
    customer_id,
    sum(amount) as total,
    sum(sum(amount)) over () as grand_total,
    rank() over (order by sum(amount) desc) as total_rank
from {{ ref('shop_orders') }}
group by customer_id
