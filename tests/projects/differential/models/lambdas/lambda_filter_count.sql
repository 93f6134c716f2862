-- arrayFilter, arrayCount, arrayExists, arrayAll.
select
    arrayFilter(x -> x > 1, nums) as big,
    arrayFilter(x -> x != '', tag_list) as non_empty,
    arrayCount(x -> x > 1, nums) as big_count,
    arrayExists(x -> x = 'a', tag_list) as has_a,
    arrayAll(x -> x > 0, nums) as all_positive
from {{ ref('arrays') }}
