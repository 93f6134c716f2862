-- Adding to and subtracting from dates.
select
    addDays(d, 1) as next_day,
    addDays(dt, 1) as next_day_time,
    addMonths(d32, 1) as next_month_date32,
    addHours(dt64, 2) as later,
    d + 1 as plus_one,
    dt - 3600 as hour_earlier,
    d + interval 1 day as plus_interval,
    dt64 + interval 1 hour as dt64_plus_interval,
    subtractDays(d, 7) as week_earlier
from {{ ref('typed_times') }}
