-- WITH TOTALS.
select status, sum(amount) as revenue, count() as n
from {{ ref('shop_orders') }}
group by status with totals
