-- Qualified columns with aliases.
select t.u8 as small, t.u64 as large
from {{ ref('typed_numbers') }} as t
