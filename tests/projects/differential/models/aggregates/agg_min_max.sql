-- min and max keep their argument's type.
select
    min(u8) as min_u8,
    max(i64) as max_i64,
    min(f32) as min_f32,
    max(n_i32) as max_nullable,
    min(u256) as min_u256
from {{ ref('typed_numbers') }}
