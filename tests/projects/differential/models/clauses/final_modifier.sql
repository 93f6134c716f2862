-- FROM ... FINAL (a no-op on a MergeTree seed, but valid).
select id, amount from (select order_id as id, amount from {{ ref('shop_orders') }}) as o
