-- ClickHouse's scalar WITH <expr> AS name.
with 5 as five, 'x' as letter
select u8 * five as scaled, letter, five as constant
from {{ ref('typed_numbers') }}
