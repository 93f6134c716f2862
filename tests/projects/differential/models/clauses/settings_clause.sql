-- A trailing SETTINGS clause.
select id, s from {{ ref('typed_text') }} settings max_threads = 1
