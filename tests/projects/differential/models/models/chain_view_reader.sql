-- A view reading a table model.
select customer_id, total / orders as average, toDate(last_order) as last_day
from {{ ref('chain_table_base') }}
