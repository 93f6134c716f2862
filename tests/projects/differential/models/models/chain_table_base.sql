-- A table model other models read.
{{ config(materialized='table') }}
select customer_id, sum(amount) as total, count() as orders, max(ordered_at) as last_order
from {{ ref('shop_orders') }}
group by customer_id
