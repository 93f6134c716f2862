-- Comparisons are UInt8 (Nullable when an operand is).
select
    u8 = 1 as eq_literal,
    i8 < u8 as signed_lt_unsigned,
    f32 > 0.5 as float_gt,
    u32 != u64 as ne_mixed,
    u32 in (1, 2) as in_list,
    u8 between 1 and 2 as between_literals,
    n_i32 = 1 as nullable_eq,
    n_i32 in (1, 2) as nullable_in
from {{ ref('typed_numbers') }}
