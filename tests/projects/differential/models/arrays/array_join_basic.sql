-- ARRAY JOIN with an alias.
select id, tag
from {{ ref('arrays') }}
array join tag_list as tag
