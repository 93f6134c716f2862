-- WITH (subquery) AS name: a scalar.
with (select max(u32) from {{ ref('typed_numbers') }}) as largest
select u32 / largest as ratio, largest
from {{ ref('typed_numbers') }}
