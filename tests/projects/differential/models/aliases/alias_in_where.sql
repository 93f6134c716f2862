-- An alias used in WHERE.
select u32 * 2 as doubled
from {{ ref('typed_numbers') }}
where doubled > 10
