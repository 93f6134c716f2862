-- PREWHERE on a MergeTree seed.
select id, s from {{ ref('typed_text') }} prewhere id > 1 where s != ''
