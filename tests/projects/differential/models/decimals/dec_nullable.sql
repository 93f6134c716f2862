-- Nullable decimals.
select
    n_d18_2 + d9_2 as n_plus_d9,
    n_d18_2 * 2 as n_times_two,
    coalesce(n_d18_2, 0) as n_or_zero,
    ifNull(n_d18_2, d9_2) as n_or_d9
from {{ ref('typed_decimals') }}
