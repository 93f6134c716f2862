-- if() over dates, strings and decimals.
select
    if(id > 1, d, toDate('2000-01-01')) as date_or_literal,
    if(id > 1, dt, d) as datetime_or_date,
    if(id > 1, dt64, dt) as dt64_or_dt,
    if(id > 1, d32, d) as date32_or_date
from {{ ref('typed_times') }}
