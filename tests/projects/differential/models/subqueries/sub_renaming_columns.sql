-- A subquery renames; the outer query sees only the new names.
select renamed_s, upper(renamed_s) as shouted
from (select s as renamed_s, id from {{ ref('typed_text') }})
