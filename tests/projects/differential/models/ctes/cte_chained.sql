-- CTEs reading earlier CTEs.
with
    first_step as (select id, u8 + 1 as next from {{ ref('typed_numbers') }}),
    second_step as (select id, next * 2 as doubled from first_step),
    third_step as (select doubled, doubled / 4 as quarter from second_step)
select * from third_step
