select id, value * 2 as doubled
from {{ ref('raw_values') }}
