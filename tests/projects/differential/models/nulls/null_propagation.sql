-- Functions of Nullable arguments are Nullable.
select
    concat(ns, 'x') as concat_nullable,
    length(ns) as length_nullable,
    upper(ns) as upper_nullable,
    ns = s as compare_nullable,
    substring(ns, 1, 2) as substring_nullable
from {{ ref('typed_text') }}
