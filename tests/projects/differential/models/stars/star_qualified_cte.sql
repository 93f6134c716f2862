-- a.* of a CTE.
with a as (select id, lc from {{ ref('typed_text') }})
select a.* from a
