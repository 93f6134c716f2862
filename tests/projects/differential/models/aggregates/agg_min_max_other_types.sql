-- min and max over strings, dates, booleans.
select
    min(d) as min_date,
    max(dt64) as max_dt64,
    max(ndt) as max_nullable_datetime,
    any(dt_utc) as any_utc,
    uniq(d) as uniq_date
from {{ ref('typed_times') }}
