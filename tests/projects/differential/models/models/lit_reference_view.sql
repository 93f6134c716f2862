-- A view of literals and casts that another model reads with *.
select 1 as one, -1 as minus_one, toDecimal32(2.5, 1) as two_and_a_half, toLowCardinality('x') as letter
