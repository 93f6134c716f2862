-- The -If combinator.
select
    sumIf(u32, u8 > 1) as sum_if,
    avgIf(f64, u8 > 1) as avg_if,
    countIf(u8 > 1) as count_if,
    uniqIf(u8, u8 > 1) as uniq_if,
    maxIf(i16, u8 > 1) as max_if,
    groupArrayIf(u8, u8 > 1) as group_array_if
from {{ ref('typed_numbers') }}
