-- * followed by an expression.
select *, u8 + 1 as next_u8 from {{ ref('typed_numbers') }}
