-- Splitting into arrays and joining back.
select
    splitByChar(',', tags) as tag_list,
    splitByString(', ', s) as by_string,
    arrayStringConcat(splitByChar(',', tags), '|') as rejoined,
    splitByRegexp('[^a-z]', s) as by_regexp,
    alphaTokens(s) as tokens
from {{ ref('typed_text') }}
