-- Conversions that return NULL, zero or a default on failure.
select
    toInt32OrNull(s) as i32_or_null,
    toDateOrNull(s) as date_or_null,
    toFloat64OrZero(s) as float_or_zero,
    toDecimal64OrNull(s, 2) as decimal_or_null,
    toUInt8OrDefault(s, toUInt8(9)) as u8_or_default,
    toInt64OrZero(s) as i64_or_zero
from {{ ref('typed_text') }}
