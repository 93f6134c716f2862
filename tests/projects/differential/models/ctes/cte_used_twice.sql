-- The same CTE read under two aliases.
with base as (select id, s, lc from {{ ref('typed_text') }})
select a.id, a.s, b.lc
from base as a
inner join base as b on a.id = b.id
