-- Decimal division keeps the dividend's scale.
select
    d9_2 / d9_2 as d9_d9,
    d18_4 / d9_2 as d18_d9,
    d9_2 / 3 as d9_by_three,
    d38_10 / d18_4 as d38_d18
from {{ ref('typed_decimals') }}
