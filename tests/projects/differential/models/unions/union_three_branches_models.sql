-- UNION ALL of models.
select id, tag as word from {{ ref('array_join_basic') }}
union all
select id, s as word from {{ ref('cte_simple') }}
union all
select toUInt32(order_id) as id, status as word from {{ ref('shop_orders') }}
