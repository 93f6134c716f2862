-- Decimal128 and Decimal256 operands.
select
    d76_6 + d9_2 as d76_plus_d9,
    d38_10 * d9_2 as d38_times_d9,
    d38_10 + d38_10 as d38_plus_d38,
    d76_6 * 2 as d76_times_two
from {{ ref('typed_decimals') }}
