-- Columns without aliases take ClickHouse's names for their expressions.
select u8, u8 + 1, lower(toString(u16)), count() over ()
from {{ ref('typed_numbers') }}
