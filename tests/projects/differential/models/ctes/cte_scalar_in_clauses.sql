-- Scalar WITH items read in WHERE, GROUP BY, ORDER BY and a subquery.
with 10 as threshold, u8 * 2 as doubled
select doubled, count() as n, (select threshold) as limit_value
from {{ ref('typed_numbers') }}
where doubled > threshold
group by doubled
order by doubled
