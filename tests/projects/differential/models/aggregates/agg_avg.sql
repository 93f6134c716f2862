-- avg and avgOrNull.
select
    avg(u8) as avg_u8,
    avg(f32) as avg_f32,
    avgOrNull(u8) as avg_or_null,
    avg(n_i32) as avg_nullable,
    avg(i128) as avg_i128
from {{ ref('typed_numbers') }}
