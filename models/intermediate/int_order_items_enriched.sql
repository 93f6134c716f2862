with

order_items as (
    select * from {{ ref('stg_order_items') }}
),

orders as (
    select * from {{ ref('stg_orders') }}
),

products as (
    select * from {{ ref('stg_products') }}
)

-- ClickHouse names a selected `t.column` after the qualified name when another
-- joined table has a column of the same name, so those get an explicit alias.
select
    order_items.order_item_id,
    order_items.order_id as order_id,
    orders.customer_id,
    orders.ordered_at,
    orders.order_date,
    orders.status as order_status,
    orders.is_revenue_order,
    order_items.product_id as product_id,
    products.category,
    products.subcategory,
    products.brand,
    order_items.quantity,
    order_items.unit_price as unit_price,
    order_items.discount_pct,
    order_items.gross_amount,
    order_items.gross_amount - order_items.net_amount as discount_amount,
    order_items.net_amount as revenue,
    order_items.quantity * products.unit_cost as cost,
    order_items.net_amount - order_items.quantity * products.unit_cost as margin
from order_items
inner join orders on order_items.order_id = orders.order_id
inner join products on order_items.product_id = products.product_id
