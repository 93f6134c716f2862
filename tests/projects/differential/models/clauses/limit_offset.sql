-- LIMIT with OFFSET, and ClickHouse's LIMIT a, b.
select id from (select id from {{ ref('typed_text') }} limit 1, 2) order by id limit 2 offset 1
