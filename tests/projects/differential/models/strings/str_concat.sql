-- concat and ||.
select
    concat(s, ' ', s) as twice,
    concat(s, toString(id)) as with_id,
    s || '!' as pipes,
    concat(fs, s) as fixed_and_string,
    concat(ns, s) as nullable_and_string,
    concat(s, id) as string_and_number
from {{ ref('typed_text') }}
