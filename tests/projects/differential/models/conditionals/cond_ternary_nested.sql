-- Nested ternaries, and a ternary inside an aggregate.
select
    u8 > 100 ? 'big' : (u8 > 10 ? 'medium' : 'small') as size,
    sum(u8 > 1 ? u16 : 0) as total_big
from {{ ref('typed_numbers') }}
group by size
