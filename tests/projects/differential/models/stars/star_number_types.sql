-- Every integer and float width, as declared.
select * from {{ ref('typed_numbers') }}
