select
    customer_id,
    first_name,
    last_name,
    concat(first_name, ' ', last_name) as full_name,
    lower(email) as email,
    splitByChar('@', lower(email))[2] as email_domain,
    phone,
    phone is not null as has_phone,
    city,
    country,
    signup_date,
    toStartOfMonth(signup_date) as signup_month,
    marketing_opt_in
from {{ ref('customers') }}
