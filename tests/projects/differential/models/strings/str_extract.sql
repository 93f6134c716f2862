-- Regular-expression extraction.
select
    extract(s, '[a-z]+') as first_word,
    extractAll(s, '[a-z]') as letters,
    regexpExtract(s, '(l+)', 1) as ls,
    extractGroups(s, '(H)(e)') as groups
from {{ ref('typed_text') }}
