-- LEFT ARRAY JOIN.
select id, tag
from {{ ref('arrays') }}
left array join tag_list as tag
