-- coalesce, ifNull and nullIf over LowCardinality.
select
    coalesce(lcn, lc) as lcn_or_lc,
    ifNull(lcn, 'x') as lcn_or_x,
    nullIf(lc, 'red') as red_to_null,
    nullIf(fs, 'abc') as abc_to_null,
    coalesce(ns, toString(fs)) as ns_or_fixed
from {{ ref('typed_text') }}
