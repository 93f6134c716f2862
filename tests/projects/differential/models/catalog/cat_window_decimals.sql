-- Window aggregates over decimals.
select
    id,
    sum(d9_2) over () as total,
    avg(d18_4) over () as average,
    leadInFrame(n_d18_2) over (order by id rows between current row and 1 following) as next_nullable,
    rank() over (order by d9_2) as amount_rank
from {{ ref('typed_decimals') }}
