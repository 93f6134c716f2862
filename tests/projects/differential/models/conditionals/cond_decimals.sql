-- Conditionals over decimals.
select
    if(id > 1, d9_2, toDecimal64(d9_2, 2)) as d9_or_d18_same_scale,
    if(id > 1, d9_2, 0) as d9_or_zero,
    case when id = 1 then d9_2 else n_d18_2 end as d9_or_nullable
from {{ ref('typed_decimals') }}
