-- A customer can only order after creating an account.
select
    customer_id,
    signup_date,
    first_order_date
from {{ ref('dim_customers') }}
where first_order_date < signup_date
