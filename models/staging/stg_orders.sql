select
    order_id,
    customer_id,
    ordered_at,
    toDate(ordered_at) as order_date,
    status,
    -- Cancelled orders were never charged and returned ones were refunded.
    -- A comparison on a LowCardinality column is LowCardinality(UInt8), which a
    -- table cannot store by default, hence the cast.
    cast(status not in ('cancelled', 'returned') as Bool) as is_revenue_order,
    channel,
    shipping_cost,
    discount_code,
    discount_code is not null as has_discount_code,
    shipped_at,
    delivered_at,
    dateDiff('day', ordered_at, delivered_at) as days_to_deliver
from {{ ref('orders') }}
