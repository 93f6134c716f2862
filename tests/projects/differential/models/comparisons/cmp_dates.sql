-- Comparing dates and times.
select
    d < today() as before_today,
    dt > '2024-01-01 00:00:00' as after_literal,
    d = d32 as date_eq_date32,
    dt64 >= dt as dt64_ge_dt,
    nd < d as nullable_lt
from {{ ref('typed_times') }}
