-- toNullable and Nullable through arithmetic and aggregates.
select
    toNullable(u8) as nullable_u8,
    toNullable(u8) + 1 as nullable_plus_one,
    isNotNull(n_f64) as has_value,
    ifNull(n_f64, 0) as float_or_zero
from {{ ref('typed_numbers') }}
