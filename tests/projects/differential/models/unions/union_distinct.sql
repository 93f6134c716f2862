-- UNION DISTINCT.
select u8 from {{ ref('typed_numbers') }}
union distinct
select u8 from {{ ref('typed_numbers') }}
