-- A recursive CTE.
with recursive counter as (
    select toUInt64(1) as n
    union all
    select n + 1 from counter where n < 5
)
select n from counter
