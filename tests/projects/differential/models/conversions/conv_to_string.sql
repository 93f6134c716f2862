-- toString and friends.
select
    toString(id) as id_string,
    toString(fs) as fixed_to_string,
    toString(ns) as nullable_to_string,
    toString(lc) as low_cardinality_to_string,
    toFixedString(s, 5) as to_fixed,
    toLowCardinality(s) as to_low_cardinality,
    toStringCutToZero(s) as cut_to_zero
from {{ ref('typed_text') }}
