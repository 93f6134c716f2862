-- A view reading an ephemeral model.
select id, u8_next * 2 as doubled, upper(s) as shouted
from {{ ref('eph_base') }}
