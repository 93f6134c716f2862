-- A running sum of decimals.
select
    id,
    sum(d9_2) over (order by id rows between unbounded preceding and current row) as running_total,
    d9_2 - avg(d9_2) over () as from_average
from {{ ref('typed_decimals') }}
