-- LIMIT n BY.
select lc, s from {{ ref('typed_text') }} order by id limit 1 by lc
