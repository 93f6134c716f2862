{{ config(materialized='table', order_by='order_date') }}

select
    order_date,
    toStartOfMonth(order_date) as order_month,
    toDayOfWeek(order_date) as day_of_week,
    count() as order_count,
    countIf(is_revenue_order) as completed_order_count,
    countIf(status = 'cancelled') as cancelled_order_count,
    uniqExact(customer_id) as customer_count,
    sumIf(unit_count, is_revenue_order) as units_sold,
    sum(revenue) as revenue,
    sumIf(discount_amount, is_revenue_order) as discount_amount,
    -- ClickHouse lets a select item use an alias defined beside it, and an alias
    -- wins over a column of the same name: `revenue` here is sum(revenue) above.
    {{ to_amount(safe_divide('revenue', 'completed_order_count')) }} as avg_order_value
from {{ ref('fct_orders') }}
group by order_date
