-- ClickHouse caps sleeping at 3 s per block, so the rows come in blocks of 10 of
-- 2.5 s each: three blocks, about 7.5 s in all.
select number + (select min(id) from {{ ref('before_slow') }}) as n, sleepEachRow(0.25) as slept
from numbers(30)
settings max_block_size = 10
