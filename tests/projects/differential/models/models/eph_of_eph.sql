-- An ephemeral model reading another ephemeral model.
{{ config(materialized='ephemeral') }}
select id, doubled_next, concat(s, '?') as asked
from (select id, u8_next * 2 as doubled_next, s from {{ ref('eph_base') }})
