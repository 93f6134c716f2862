-- Every decimal width, as declared.
select * from {{ ref('typed_decimals') }}
