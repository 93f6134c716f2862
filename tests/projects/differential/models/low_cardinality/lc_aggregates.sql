-- Aggregates over LowCardinality columns.
select
    any(lc) as any_lc,
    min(lc) as min_lc,
    max(lcn) as max_lcn,
    groupArray(lc) as lc_array,
    count(distinct lc) as distinct_lc,
    uniq(lc) as uniq_lc
from {{ ref('typed_text') }}
