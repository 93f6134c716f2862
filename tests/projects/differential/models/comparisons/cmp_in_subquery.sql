-- IN and NOT IN a subquery.
select
    id,
    u8 in (select u8 from {{ ref('typed_numbers') }} where u8 > 1) as in_subquery,
    u32 not in (select u32 from {{ ref('typed_numbers') }} where u8 = 0) as not_in_subquery
from {{ ref('typed_numbers') }}
