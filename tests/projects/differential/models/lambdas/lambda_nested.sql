-- A lambda inside a lambda.
select
    arrayMap(x -> arrayMap(y -> y + x, nums), nums) as table_of_sums
from {{ ref('arrays') }}
