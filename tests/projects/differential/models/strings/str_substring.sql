-- Substrings.
select
    substring(s, 1, 3) as first_three,
    substr(s, 2) as from_second,
    left(s, 2) as left_two,
    right(s, 2) as right_two,
    substring(fs, 1, 2) as fixed_substring
from {{ ref('typed_text') }}
