-- IN with an array literal.
select u8 in [1, 2] as listed, u8 not in [3] as not_listed from {{ ref('typed_numbers') }}
