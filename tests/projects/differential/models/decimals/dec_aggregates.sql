-- Aggregates over decimals.
select
    sum(d9_2) as sum_d9,
    sum(d18_4) as sum_d18,
    sum(d38_10) as sum_d38,
    sum(d76_6) as sum_d76,
    avg(d9_2) as avg_d9,
    min(d18_4) as min_d18,
    max(d38_10) as max_d38,
    sum(n_d18_2) as sum_nullable
from {{ ref('typed_decimals') }}
