-- Date functions of Nullable dates.
select
    toStartOfMonth(nd) as month_of_nullable,
    addDays(ndt, 1) as nullable_next_day,
    dateDiff('day', nd, d) as nullable_days,
    toYear(ndt) as nullable_year
from {{ ref('typed_times') }}
