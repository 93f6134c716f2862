-- UNION ALL over two models of different types.
select customer_id, average as value from {{ ref('chain_view_reader') }}
union all
select customer_id, toDecimal64(total, 2) as value from {{ ref('chain_table_base') }}
