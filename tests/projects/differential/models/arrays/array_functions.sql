-- Array functions.
select
    length(tag_list) as tag_count,
    has(tag_list, 'a') as has_a,
    nums[1] as first_num,
    arrayElement(tag_list, 1) as first_tag,
    indexOf(nums, 10) as index_of_ten,
    arrayConcat(nums, [1]) as concatenated,
    arraySort(nums) as sorted,
    arrayDistinct(tag_list) as distinct_tags,
    arraySum(nums) as total,
    range(3) as three,
    emptyArrayUInt8() as empty_u8,
    arraySlice(tag_list, 1, 2) as first_two
from {{ ref('arrays') }}
