-- * of a subquery.
select * from (select id, s, length(s) as len from {{ ref('typed_text') }})
