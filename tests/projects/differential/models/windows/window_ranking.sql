-- Ranking window functions.
select
    id,
    row_number() over (order by id) as row_num,
    rank() over (partition by lc order by id) as rank_in_colour,
    dense_rank() over (order by lc) as dense,
    ntile(2) over (order by id) as half,
    percent_rank() over (order by id) as pct
from {{ ref('typed_text') }}
