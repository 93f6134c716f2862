-- String comparisons and pattern matching.
select
    s = 'Hello' as eq_string,
    s != '' as not_empty,
    s like 'H%' as like_prefix,
    s not like '%o' as not_like,
    s ilike 'h%' as ilike_prefix,
    fs = 'abc' as fixed_eq,
    lc = 'red' as low_cardinality_eq,
    ns = 'maybe' as nullable_eq
from {{ ref('typed_text') }}
