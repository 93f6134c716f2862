-- ARRAY JOIN without an alias: the column becomes its element.
select id, tag_list
from {{ ref('arrays') }}
array join tag_list
