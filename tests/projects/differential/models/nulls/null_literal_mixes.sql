-- NULL literals mixed with typed values.
select
    [NULL, id] as array_with_null,
    coalesce(NULL, id) as null_then_id,
    NULL + id as null_plus_id,
    multiIf(id = 1, NULL, id = 2, 'two', 'other') as multi_if_null,
    greatest(id, NULL) as greatest_null
from {{ ref('typed_text') }}
