-- Truncating dates and times.
select
    toDate(dt) as dt_date,
    toStartOfMonth(d) as month_of_date,
    toStartOfMonth(dt) as month_of_datetime,
    toStartOfWeek(d) as week,
    toStartOfHour(dt) as hour,
    toStartOfDay(dt) as day_of_datetime,
    toMonday(d) as monday,
    toStartOfYear(d32) as year_of_date32,
    toStartOfMonth(dt64) as month_of_dt64,
    toStartOfMinute(dt64) as minute_of_dt64
from {{ ref('typed_times') }}
