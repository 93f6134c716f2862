-- Searching in strings.
select
    position(s, 'l') as position_l,
    positionCaseInsensitive(s, 'L') as position_ci,
    match(s, '^H') as matches,
    startsWith(s, 'H') as starts,
    endsWith(s, 'o') as ends,
    countSubstrings(s, 'l') as count_l,
    locate(s, 'o') as locate_o
from {{ ref('typed_text') }}
