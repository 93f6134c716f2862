-- LIMIT offset, n BY, then a LIMIT for the whole result.
select lc, s from {{ ref('typed_text') }} order by id limit 1, 1 by lc limit 10
