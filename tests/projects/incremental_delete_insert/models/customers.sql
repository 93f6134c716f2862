{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='id',
    order_by='id'
) }}
select id, name, tier, updated_at
from {{ ref('raw_customers') }}
{% if is_incremental() %}
where updated_at > (select max(updated_at) from {{ this }})
{% endif %}
