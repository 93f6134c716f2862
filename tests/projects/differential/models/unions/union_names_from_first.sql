-- Column names come from the first branch.
select u8 as a, s as b from {{ ref('typed_numbers') }} inner join {{ ref('typed_text') }} using (id)
union all
select u16 as c, lc as d from {{ ref('typed_numbers') }} inner join {{ ref('typed_text') }} using (id)
