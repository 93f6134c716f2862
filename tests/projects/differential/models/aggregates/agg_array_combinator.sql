-- The -Array combinator.
select
    sumArray(nums) as sum_of_elements,
    groupArrayArray(tag_list) as all_tags,
    uniqArray(tag_list) as distinct_tags,
    maxArray(nums) as largest_element
from {{ ref('arrays') }}
