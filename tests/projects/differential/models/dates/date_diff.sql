-- dateDiff and age.
select
    dateDiff('day', d, today()) as days_ago,
    dateDiff('second', dt, dt64) as seconds_between,
    date_diff('month', d32, d) as months_between,
    age('year', d, d32) as years_between
from {{ ref('typed_times') }}
