-- UNION ALL of literals.
select 1 as x, 'a' as y
union all
select 300, 'bb'
union all
select -1, NULL
