-- Formatting and parsing dates.
select
    formatDateTime(dt, '%Y-%m') as formatted,
    toString(d) as date_string,
    parseDateTimeBestEffort('2024-01-01 10:00:00') as parsed,
    parseDateTimeBestEffortOrNull('not a date') as parsed_or_null,
    toDate('2024-01-31') as date_literal,
    toDateTime('2024-01-31 10:00:00') as datetime_literal
from {{ ref('typed_times') }}
