-- SELECT DISTINCT.
select distinct lc, fs from {{ ref('typed_text') }}
