-- arrayMap with one and two arguments, capturing a column.
select
    arrayMap(x -> x * 2, nums) as doubled,
    arrayMap(x -> upper(x), tag_list) as upper_tags,
    arrayMap((x, y) -> concat(x, toString(y)), tag_list, arrayEnumerate(tag_list)) as numbered,
    arrayMap(x -> x + id, nums) as plus_id,
    arrayMap(x -> x / 2, nums) as halves
from {{ ref('arrays') }}
