-- Aggregates of decimal expressions.
select
    sum(d9_2 * 2) as sum_doubled,
    avg(n_d18_2) as avg_nullable,
    max(n_d18_2) as max_nullable,
    sumIf(d18_4, d9_2 > 0) as sum_if,
    avgIf(d9_2, id > 1) as avg_if,
    argMin(d38_10, d9_2) as arg_min,
    count(n_d18_2) as nullable_count,
    sum(d9_2 + d18_4) as sum_of_sum
from {{ ref('typed_decimals') }}
