with

customers as (
    select * from {{ ref('stg_customers') }}
),

customer_orders as (
    select * from {{ ref('int_customer_orders') }}
)

select
    customers.customer_id as customer_id,
    customers.full_name,
    customers.email,
    customers.email_domain,
    customers.phone,
    customers.city,
    customers.country,
    customers.signup_date,
    customers.marketing_opt_in,
    -- With ClickHouse's default join_use_nulls = 0 a customer without orders
    -- gets the column defaults from the LEFT JOIN (0, and 1970-01-01 for
    -- dates), not NULL: the counts are right as they are, the dates are not.
    customer_orders.order_count,
    customer_orders.completed_order_count,
    customer_orders.returned_order_count,
    if(customer_orders.order_count = 0, null, customer_orders.first_order_date) as first_order_date,
    if(customer_orders.order_count = 0, null, customer_orders.last_order_date) as last_order_date,
    if(customer_orders.order_count = 0, null, dateDiff('day', customers.signup_date, customer_orders.first_order_date)) as days_to_first_order,
    {{ to_amount('customer_orders.lifetime_revenue') }} as lifetime_revenue,
    multiIf(
        customer_orders.order_count = 0, 'prospect',
        customer_orders.lifetime_revenue >= 5000, 'vip',
        customer_orders.order_count >= 10, 'loyal',
        customer_orders.order_count = 1, 'one_time',
        'regular'
    ) as customer_segment
from customers
left join customer_orders on customers.customer_id = customer_orders.customer_id
