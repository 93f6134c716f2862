-- COLUMNS('regexp').
select columns('^u[0-9]+$') from {{ ref('typed_numbers') }}
