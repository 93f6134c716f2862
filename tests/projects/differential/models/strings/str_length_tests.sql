-- Lengths and emptiness.
select
    length(s) as length_s,
    length(fs) as length_fixed,
    char_length(s) as char_length_s,
    lengthUTF8(s) as length_utf8,
    empty(s) as is_empty,
    notEmpty(s) as is_not_empty
from {{ ref('typed_text') }}
