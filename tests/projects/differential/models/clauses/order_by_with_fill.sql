-- ORDER BY ... WITH FILL adds rows of the same types.
select id, s from {{ ref('typed_text') }} order by id with fill from 1 to 6
