-- Aggregates over Bool and bitwise aggregates.
select
    sum(flag) as sum_bool,
    countIf(flag) as count_true,
    any(flag) as any_flag,
    max(flag) as max_flag,
    groupBitOr(id) as bit_or,
    min(uid) as min_uuid,
    max(ip) as max_ip
from {{ ref('typed_misc') }}
