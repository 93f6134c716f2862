select
    product_id,
    product_name,
    category,
    subcategory,
    ifNull(brand, 'Unbranded') as brand,
    unit_price,
    unit_cost,
    unit_price - unit_cost as unit_margin,
    is_active,
    created_at,
    toDate(created_at) as created_date
from {{ ref('products') }}
