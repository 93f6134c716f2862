-- format() and printf-style formatting.
select
    format('{}-{}', s, toString(id)) as formatted,
    format('{} {}', s, lc) as formatted_lc,
    printf('%s has %d', s, id) as printed
from {{ ref('typed_text') }}
