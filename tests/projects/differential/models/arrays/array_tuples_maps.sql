-- Tuple elements and map access.
select
    pairs[1] as first_pair,
    pairs[1].1 as first_pair_word,
    tupleElement(pairs[1], 2) as first_pair_length,
    counts['a'] as count_a,
    mapKeys(counts) as keys,
    mapValues(counts) as values,
    nullable_items[1] as first_nullable_item
from {{ ref('arrays') }}
