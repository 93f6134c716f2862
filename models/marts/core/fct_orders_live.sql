{{ config(materialized='view', tags=['live']) }}

-- Orders placed in the application since the last extract, with their current status
-- from PostgreSQL and the customer's segment from the warehouse.
select
    orders.order_id as order_id,
    orders.customer_id as customer_id,
    orders.order_date as order_date,
    orders.status as status,
    orders.amount as amount,
    orders.updated_at as status_updated_at,
    customers.customer_segment as customer_segment
from {{ ref('stg_oltp_orders') }} as orders
left join {{ ref('dim_customers') }} as customers on orders.customer_id = customers.customer_id
