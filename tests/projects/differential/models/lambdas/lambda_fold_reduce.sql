-- arrayReduce, arrayFold, arrayFirst, arraySort with a key.
select
    arrayReduce('sum', nums) as reduced_sum,
    arrayReduce('max', tag_list) as reduced_max,
    arrayFold((acc, x) -> acc + x, nums, toUInt64(0)) as folded,
    arraySum(x -> x * 2, nums) as sum_doubled,
    arrayFirst(x -> x > 1, nums) as first_big,
    arraySort(x -> -x, nums) as descending,
    arrayCumSum(nums) as running_total
from {{ ref('arrays') }}
