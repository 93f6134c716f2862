select count() as people
from {{ ref('people') }}
