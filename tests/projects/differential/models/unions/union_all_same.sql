-- UNION ALL of identical shapes.
select id, s from {{ ref('typed_text') }}
union all
select id, s from {{ ref('typed_text') }}
