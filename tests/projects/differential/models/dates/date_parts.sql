-- Extracting parts of dates.
select
    toYear(d) as year,
    toMonth(d) as month,
    toDayOfWeek(d) as day_of_week,
    toDayOfMonth(d) as day_of_month,
    toHour(dt) as hour,
    toQuarter(d) as quarter,
    toYYYYMM(d) as yyyymm,
    toYYYYMMDD(dt) as yyyymmdd,
    toISOWeek(d) as iso_week
from {{ ref('typed_times') }}
