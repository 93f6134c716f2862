-- Orders from the OLTP database, as replicated now: the live side of the pipeline.
select
    toUInt32(order_id) as order_id,
    toUInt32(customer_id) as customer_id,
    status,
    amount,
    toDate(ordered_at) as order_date,
    ordered_at,
    updated_at
from {{ source('oltp', 'orders') }}
