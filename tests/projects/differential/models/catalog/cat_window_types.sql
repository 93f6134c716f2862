-- Window functions over Nullable, LowCardinality and decimal arguments.
select
    row_number() over () as row_num,
    lagInFrame(ns) over (order by id) as previous_ns,
    first_value(lc) over (order by id) as first_lc,
    last_value(ns) over (order by id) as last_ns,
    count(ns) over () as ns_count,
    max(lcn) over () as max_lcn,
    min(fs) over () as min_fixed
from {{ ref('typed_text') }}
