-- Comparing decimals with each other and with integers.
select
    id,
    d9_2 = d18_4 as equal_mixed,
    d9_2 > 0 as positive,
    d18_4 < id as below_id,
    if(d9_2 > 0, d9_2, 0) as positive_part
from {{ ref('typed_decimals') }}
