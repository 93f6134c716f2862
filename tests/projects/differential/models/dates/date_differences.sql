-- Subtracting dates from dates.
select
    d - d as date_minus_date,
    dt - dt as datetime_minus_datetime,
    d - toDate('2024-01-01') as days_since
from {{ ref('typed_times') }}
