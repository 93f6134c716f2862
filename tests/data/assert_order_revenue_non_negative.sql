-- Revenue and the amounts it is made of can never be negative: a discount
-- above 100% or a sign error in a model would show up here.
select
    order_id,
    gross_amount,
    discount_amount,
    revenue
from {{ ref('fct_orders') }}
where revenue < 0
    or discount_amount < 0
    or discount_amount > gross_amount
