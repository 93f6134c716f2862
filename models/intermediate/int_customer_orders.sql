with

orders as (
    select * from {{ ref('stg_orders') }}
),

order_revenue as (
    select
        order_id,
        sum(revenue) as revenue
    from {{ ref('int_order_items_enriched') }}
    group by order_id
)

select
    orders.customer_id,
    min(orders.order_date) as first_order_date,
    max(orders.order_date) as last_order_date,
    count() as order_count,
    countIf(orders.is_revenue_order) as completed_order_count,
    countIf(orders.status = 'returned') as returned_order_count,
    sumIf(order_revenue.revenue, orders.is_revenue_order) as lifetime_revenue
from orders
inner join order_revenue on orders.order_id = order_revenue.order_id
group by orders.customer_id
