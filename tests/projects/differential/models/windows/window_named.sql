-- A named WINDOW used twice.
select
    id,
    sum(u8) over w as sum_u8,
    row_number() over w as row_num
from {{ ref('typed_numbers') }}
window w as (partition by u8 > 1 order by id)
