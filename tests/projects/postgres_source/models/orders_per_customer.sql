{{ config(materialized='table', order_by='customer_id') }}
select customers.customer_id as customer_id, count(orders.order_id) as order_count
from {{ source('oltp', 'customers') }} as customers
left join {{ ref('stg_replicated_orders') }} as orders on orders.customer_id = customers.customer_id
group by customers.customer_id
