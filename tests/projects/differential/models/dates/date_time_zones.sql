-- Time zones in DateTime types.
select
    dt_utc,
    toTimeZone(dt, 'UTC') as dt_in_utc,
    toStartOfDay(dt_utc) as utc_day,
    toDate(dt_utc) as utc_date,
    toStartOfHour(dt_utc) as utc_hour
from {{ ref('typed_times') }}
