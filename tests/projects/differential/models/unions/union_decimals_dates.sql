-- Decimals and dates in UNION ALL.
select d9_2 as amount, toDate('2024-01-01') as day from {{ ref('typed_decimals') }}
union all
select d18_4 as amount, toDate32('2024-01-01') as day from {{ ref('typed_decimals') }}
