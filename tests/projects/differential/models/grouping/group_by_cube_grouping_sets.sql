-- GROUPING SETS.
select country, toYear(signup) as year, count() as n
from {{ ref('shop_customers') }}
group by grouping sets ((country), (year), ())
