select
    order_item_id,
    order_id,
    product_id,
    quantity,
    unit_price,
    discount_pct,
    quantity * unit_price as gross_amount,
    quantity * unit_price * (1 - discount_pct) as net_amount
from {{ ref('order_items') }}
