-- An alias defined inside a function call.
select plus(u8 as x, 1) as y, x
from {{ ref('typed_numbers') }}
