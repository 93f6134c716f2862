-- String functions over FixedString, LowCardinality and Nullable arguments.
select
    lower(fs) as lower_fixed,
    upper(lc) as upper_lc,
    lower(lcn) as lower_lcn,
    concat(lc, lc) as concat_lc_lc,
    concat(fs, fs) as concat_fixed_fixed,
    length(lcn) as length_lcn,
    lowerUTF8(ns) as lower_utf8_nullable,
    concat(lc, ns) as concat_lc_nullable,
    upperUTF8(lc) as upper_utf8_lc
from {{ ref('typed_text') }}
