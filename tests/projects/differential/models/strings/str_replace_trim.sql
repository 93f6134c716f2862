-- Replacing, trimming, padding.
select
    replaceAll(s, 'l', 'L') as replace_all,
    replaceOne(s, 'l', 'L') as replace_one,
    replaceRegexpAll(s, '[aeiou]', '_') as replace_regexp,
    trim(s) as trimmed,
    trimBoth(s) as trimmed_both,
    reverse(s) as reversed,
    repeat(s, 2) as repeated,
    leftPad(s, 10, '*') as padded
from {{ ref('typed_text') }}
