-- The -State combinator makes AggregateFunction values.
select
    sumState(u8) as sum_state,
    uniqState(u32) as uniq_state,
    avgState(f64) as avg_state
from {{ ref('typed_numbers') }}
