-- Aggregates over LowCardinality, FixedString, Nullable and Enum arguments.
select
    argMax(lc, id) as last_lc,
    anyLast(ns) as last_ns,
    min(lcn) as min_lcn,
    groupArray(lcn) as lcn_array,
    count(lcn) as lcn_count,
    any(fs) as any_fixed,
    max(e8) as max_enum,
    uniqExact(ns) as distinct_ns,
    uniq(id, s) as distinct_pairs,
    sum(length(s)) as total_length
from {{ ref('typed_text') }}
