-- Casts to DateTime and DateTime64 with time zones.
select
    CAST(dt AS DateTime('UTC')) as to_utc,
    toDateTime(dt, 'Europe/Paris') as in_paris,
    toDateTime64(dt, 3) as to_dt64,
    toDateTime64(dt, 6, 'UTC') as to_dt64_utc,
    CAST(d AS DateTime) as date_to_datetime,
    CAST(dt64 AS DateTime64(6)) as dt64_wider
from {{ ref('typed_times') }}
