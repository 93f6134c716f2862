-- Decimal addition and subtraction keep the larger scale and widen the precision.
select
    d9_2 + d9_2 as d9_d9,
    d9_2 + d18_4 as d9_d18,
    d18_4 - d38_10 as d18_d38,
    d9_2 - d9_2 as d9_minus_d9
from {{ ref('typed_decimals') }}
