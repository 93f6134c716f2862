-- An ephemeral model: inlined as a CTE into its readers.
{{ config(materialized='ephemeral') }}
select id, u8 + 1 as u8_next, s
from {{ ref('typed_numbers') }}
inner join {{ ref('typed_text') }} using (id)
