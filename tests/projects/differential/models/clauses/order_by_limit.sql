-- ORDER BY and LIMIT.
select id, s from {{ ref('typed_text') }} order by id desc limit 2
