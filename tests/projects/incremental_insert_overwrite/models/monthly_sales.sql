{{ config(
    materialized='incremental',
    incremental_strategy='insert_overwrite',
    partition_by='toYYYYMM(day)',
    order_by=['day', 'store']
) }}
-- Each run rebuilds the latest month it already holds and every later one: those
-- partitions are replaced whole, earlier ones are left as they are.
select day, store, amount
from {{ ref('raw_sales') }}
{% if is_incremental() %}
where toYYYYMM(day) >= (select max(toYYYYMM(day)) from {{ this }})
{% endif %}
