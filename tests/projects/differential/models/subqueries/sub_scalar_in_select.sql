-- Scalar subqueries in SELECT.
select
    id,
    (select max(u32) from {{ ref('typed_numbers') }}) as largest,
    (select count() from {{ ref('typed_text') }}) as text_rows,
    (select s from {{ ref('typed_text') }} order by id limit 1) as first_s
from {{ ref('typed_numbers') }}
