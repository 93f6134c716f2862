-- argMax, argMin, any, anyLast.
select
    argMax(s, id) as last_s,
    argMin(fs, id) as first_fs,
    any(s) as any_s,
    anyLast(lc) as last_lc,
    argMax(ns, id) as last_ns,
    first_value(s) as first_s
from {{ ref('typed_text') }}
