-- CASE with and without ELSE, searched and simple.
select
    case when u8 = 0 then 1 when u8 = 1 then 300 else -1 end as searched,
    case when u8 = 0 then 'zero' end as without_else,
    case u8 when 0 then 'zero' when 1 then 'one' else 'many' end as simple,
    case when f64 > 0 then f64 else 0 end as float_or_zero
from {{ ref('typed_numbers') }}
