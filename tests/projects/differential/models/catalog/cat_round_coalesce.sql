-- round, coalesce, ifNull and nullIf over less common types.
select
    round(d9_2, 1) as round_decimal,
    round(n_d18_2) as round_nullable_decimal,
    round(1.555, 2) as round_literal,
    coalesce(n_d18_2, d9_2) as coalesce_decimals,
    ifNull(n_d18_2, 0) as nullable_or_zero,
    nullIf(d9_2, 0) as zero_decimal_to_null
from {{ ref('typed_decimals') }}
