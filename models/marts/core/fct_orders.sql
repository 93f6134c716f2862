{{
    config(
        materialized='table',
        engine='MergeTree()',
        order_by='(customer_id, order_date, order_id)',
        partition_by='toYYYYMM(order_date)'
    )
}}

with

orders as (
    select * from {{ ref('stg_orders') }}
),

order_items as (
    select
        order_id,
        count() as item_count,
        sum(quantity) as unit_count,
        sum(gross_amount) as gross_amount,
        sum(discount_amount) as discount_amount,
        sum(revenue) as net_amount,
        sum(cost) as cost
    from {{ ref('int_order_items_enriched') }}
    group by order_id
)

select
    orders.order_id as order_id,
    orders.customer_id,
    orders.order_date,
    orders.ordered_at,
    orders.status,
    orders.channel,
    orders.discount_code,
    orders.is_revenue_order,
    order_items.item_count,
    order_items.unit_count,
    {{ to_amount('order_items.gross_amount') }} as gross_amount,
    {{ to_amount('order_items.discount_amount') }} as discount_amount,
    orders.shipping_cost,
    {{ to_amount('order_items.net_amount + orders.shipping_cost') }} as order_total,
    -- Revenue counts the items only: shipping is passed through to the carrier.
    if(orders.is_revenue_order, {{ to_amount('order_items.net_amount') }}, 0) as revenue,
    if(orders.is_revenue_order, {{ to_amount('order_items.net_amount - order_items.cost') }}, 0) as margin,
    '{{ var("currency") }}' as currency,
    orders.shipped_at,
    orders.delivered_at,
    orders.days_to_deliver
from orders
inner join order_items on orders.order_id = order_items.order_id
