-- Functions of LowCardinality arguments.
select
    lower(lc) as lower_lc,
    concat(lc, '!') as concat_lc,
    length(lc) as length_lc,
    lc = 'red' as lc_eq,
    substring(lc, 1, 1) as first_letter,
    if(id > 1, lc, 'x') as if_lc,
    toString(lc) as to_string_lc
from {{ ref('typed_text') }}
