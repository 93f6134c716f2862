-- * REPLACE (...) changes a column's type in place.
select * replace (u8 + 1 as u8, toString(u16) as u16) from {{ ref('typed_numbers') }}
