-- Array, tuple and map columns for the array models.
{{ config(materialized='table') }}
select
    id,
    splitByChar(',', tags) as tag_list,
    [toUInt32(id), id * 10] as nums,
    arrayMap(x -> (x, toUInt8(length(x))), splitByChar(',', tags)) as pairs,
    map('a', id, 'b', id * 2) as counts,
    [ns] as nullable_items
from {{ ref('typed_text') }}
