-- ARRAY JOIN of an expression, and arrayJoin().
select id, x, arrayJoin(nums) as num
from {{ ref('arrays') }}
array join [1, 2, 3] as x
