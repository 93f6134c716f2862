-- A CTE with a column list.
with renamed (ident, word) as (select id, s from {{ ref('typed_text') }})
select ident, word from renamed
