-- An inner WITH shadows an outer CTE of the same name.
with x as (select 1 as a)
select a from (
    with x as (select 'b' as a)
    select a from x
)
