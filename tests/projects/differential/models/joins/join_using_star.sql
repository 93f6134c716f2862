-- SELECT * over a USING join: the key once, then each side's other columns.
select *
from {{ ref('shop_orders') }}
inner join {{ ref('shop_customers') }} using (customer_id)
