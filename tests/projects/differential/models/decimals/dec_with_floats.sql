-- Decimals with float operands.
select
    d9_2 + 1.5 as plus_float_literal,
    toFloat64(d18_4) * 2 as float_times_two,
    d9_2 > 1.5 as above_float
from {{ ref('typed_decimals') }}
