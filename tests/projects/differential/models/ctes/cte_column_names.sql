-- A CTE with a column list. A table, not a view: ClickHouse 26.9 drops the column list when
-- it stores a view's query (kiln warns with `cte-column-list`).
{{ config(materialized='table') }}
with renamed (ident, word) as (select id, s from {{ ref('typed_text') }})
select ident, word from renamed
