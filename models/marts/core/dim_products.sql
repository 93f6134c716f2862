with

products as (
    select * from {{ ref('stg_products') }}
),

product_sales as (
    select
        product_id,
        uniqExact(order_id) as order_count,
        sum(quantity) as units_sold,
        sum(revenue) as revenue,
        sum(margin) as margin,
        min(order_date) as first_sold_date,
        max(order_date) as last_sold_date
    from {{ ref('int_order_items_enriched') }}
    where is_revenue_order
    group by product_id
)

select
    products.product_id as product_id,
    products.product_name,
    products.category,
    products.subcategory,
    products.brand,
    products.unit_price,
    products.unit_cost,
    products.unit_margin,
    products.is_active,
    products.created_date,
    -- Unsold products get 0 from the LEFT JOIN (join_use_nulls = 0).
    product_sales.order_count,
    product_sales.units_sold,
    {{ to_amount('product_sales.revenue') }} as revenue,
    {{ to_amount('product_sales.margin') }} as margin,
    round({{ safe_divide('product_sales.margin', 'product_sales.revenue') }}, 4) as margin_pct,
    if(product_sales.order_count = 0, null, product_sales.first_sold_date) as first_sold_date,
    if(product_sales.order_count = 0, null, product_sales.last_sold_date) as last_sold_date
from products
left join product_sales on products.product_id = product_sales.product_id
