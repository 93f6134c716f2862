select count() as row_count, sum(n) as n_total
from {{ ref('slow') }}
