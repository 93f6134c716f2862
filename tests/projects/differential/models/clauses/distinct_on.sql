-- DISTINCT ON.
select distinct on (lc) lc, s from {{ ref('typed_text') }} order by lc, id
