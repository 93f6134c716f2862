-- SELECT * from a seed.
select * from {{ ref('typed_text') }}
