-- A table reading an ephemeral of an ephemeral.
{{ config(materialized='table') }}
select id, doubled_next + 1 as n, asked
from {{ ref('eph_of_eph') }}
