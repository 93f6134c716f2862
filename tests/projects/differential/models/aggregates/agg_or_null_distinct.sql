-- The -OrNull, -OrDefault and -Distinct combinators.
select
    sumOrNull(u8) as sum_or_null,
    maxOrNull(s) as max_or_null,
    sum(distinct u8) as sum_distinct,
    sumDistinct(u16) as sum_distinct_function,
    avgOrDefault(u8) as avg_or_default,
    countDistinct(u8) as count_distinct
from {{ ref('typed_numbers') }}
inner join {{ ref('typed_text') }} using (id)
