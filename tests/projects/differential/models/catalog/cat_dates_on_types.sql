-- Date functions over Date32, DateTime64, time zones and Nullable.
select
    toStartOfMonth(d32) as month_of_date32,
    toStartOfMonth(dt_utc) as month_of_utc,
    toYear(d32) as year_of_date32,
    toHour(dt64) as hour_of_dt64,
    dateDiff('day', d32, dt64) as days_date32_dt64,
    toDate(dt64) as date_of_dt64,
    toDate(d32) as date_of_date32,
    toMonth(ndt) as month_nullable,
    toDayOfWeek(dt_utc) as weekday_utc,
    toMinute(dt64) as minute_dt64,
    toString(dt_utc) as utc_string
from {{ ref('typed_times') }}
