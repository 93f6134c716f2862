-- toFloatN, toDate, toDateTime.
select
    toFloat32(id) as id_to_f32,
    toFloat64(d) as date_to_f64,
    toDate(dt) as datetime_to_date,
    toDate32(d) as date_to_date32,
    toDateTime(d) as date_to_datetime,
    toDateTime64(dt, 3) as datetime_to_dt64,
    toDate(ndt) as nullable_to_date,
    toUnixTimestamp(dt) as unix_seconds
from {{ ref('typed_times') }}
