-- Functions over decimals.
select
    round(d18_4, 2) as round_d18,
    floor(d9_2) as floor_d9,
    abs(d9_2) as abs_d9,
    -d9_2 as neg_d9,
    toDecimal64(d9_2, 4) as d9_as_dec64,
    toDecimal32(1.5, 2) as literal_dec32,
    greatest(d9_2, d18_4) as greatest_d9_d18
from {{ ref('typed_decimals') }}
