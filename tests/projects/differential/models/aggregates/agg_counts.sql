-- count and its forms, uniq.
select
    count() as rows,
    count(*) as star,
    count(ns) as non_null,
    count(distinct s) as distinct_s,
    countIf(id > 1) as count_if,
    uniq(s) as uniq_s,
    uniqExact(s) as uniq_exact_s
from {{ ref('typed_text') }}
