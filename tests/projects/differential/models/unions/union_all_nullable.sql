-- A Nullable branch makes the column Nullable.
select s as v from {{ ref('typed_text') }}
union all
select ns as v from {{ ref('typed_text') }}
