-- A CTE named like a seed hides the seed in its query.
with typed_text as (select 1 as only_column)
select only_column from typed_text
