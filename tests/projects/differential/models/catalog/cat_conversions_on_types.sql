-- Conversions of Nullable and LowCardinality arguments.
select
    toString(fs) as fixed_string,
    toString(lcn) as lcn_string,
    toDate(ns) as nullable_to_date,
    toUInt32(ns) as nullable_to_u32,
    toInt64(lc) as lc_to_i64,
    toFloat64(lcn) as lcn_to_f64,
    toString(e8) as enum_string,
    toDecimal64(ns, 2) as nullable_to_decimal
from {{ ref('typed_text') }}
where 0
