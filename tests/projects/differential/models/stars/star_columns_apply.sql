-- COLUMNS('regexp') APPLY(f).
select columns('^d') apply(toString) from {{ ref('typed_decimals') }}
