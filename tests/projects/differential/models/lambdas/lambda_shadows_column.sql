-- A lambda parameter named like a column shadows it.
select
    id,
    arrayMap(id -> id * 2, nums) as doubled,
    arrayMap(id -> concat(id, '!'), tag_list) as shouted
from {{ ref('arrays') }}
