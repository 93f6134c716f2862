-- ARRAY JOIN with arrayEnumerate.
select id, position, tag
from {{ ref('arrays') }}
array join arrayEnumerate(tag_list) as position, tag_list as tag
