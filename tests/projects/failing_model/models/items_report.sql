{{ config(materialized='view') }}
select item_count, total_amount, total_amount / item_count as mean_amount
from {{ ref('items_summary') }}
