-- A CTE read once.
with picked as (
    select id, s from {{ ref('typed_text') }}
)
select id, s from picked
