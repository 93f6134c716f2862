-- ARRAY JOIN of two arrays at once.
select id, pair, num
from {{ ref('arrays') }}
array join pairs as pair, nums as num
where length(pairs) = length(nums)
