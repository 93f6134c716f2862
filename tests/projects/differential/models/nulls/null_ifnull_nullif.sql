-- ifNull, nullIf and assumeNotNull.
select
    ifNull(ns, '') as ns_or_empty,
    nullIf(s, '') as empty_to_null,
    nullIf(id, 0) as zero_to_null,
    assumeNotNull(ns) as assumed,
    ifNull(ns, s) as ns_or_s,
    coalesce(ns, lc) as ns_or_lc
from {{ ref('typed_text') }}
