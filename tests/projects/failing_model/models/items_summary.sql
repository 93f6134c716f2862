select count() as item_count, sum(amount) as total_amount
from {{ ref('items') }}
