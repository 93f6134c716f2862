-- Decimal multiplication adds the scales.
select
    d9_2 * d9_2 as d9_d9,
    d9_2 * d18_4 as d9_d18,
    d18_4 * d18_4 as d18_d18
from {{ ref('typed_decimals') }}
