-- CAST(x AS T).
select
    CAST(u8 AS UInt64) as to_u64,
    CAST(s AS Nullable(String)) as to_nullable,
    CAST('1' AS Int32) as string_to_i32,
    CAST(d9_2 AS Decimal(18, 4)) as to_decimal,
    CAST(id AS String) as to_string,
    CAST(u8 AS Float32) as to_f32
from {{ ref('typed_numbers') }} as n
inner join {{ ref('typed_decimals') }} as dec using (id)
inner join {{ ref('typed_text') }} as t using (id)
