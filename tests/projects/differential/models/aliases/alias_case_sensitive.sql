-- Identifiers are case-sensitive: Name and name are two columns.
select s as Name, lower(s) as name, id as ID
from {{ ref('typed_text') }}
