{{ config(materialized='incremental', incremental_strategy='append', order_by='id') }}
select id, kind
from {{ ref('raw_events') }}
{% if is_incremental() %}
where id > (select max(id) from {{ this }})
{% endif %}
