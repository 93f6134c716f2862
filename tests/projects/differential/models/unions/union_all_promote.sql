-- UNION ALL takes the common supertype of each column.
select u8 as x, f32 as y from {{ ref('typed_numbers') }}
union all
select i16 as x, u8 as y from {{ ref('typed_numbers') }}
