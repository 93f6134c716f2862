-- groupArray and groupUniqArray.
select
    groupArray(s) as strings,
    groupArray(ns) as nullable_strings,
    groupUniqArray(id) as ids,
    groupArray(2)(s) as first_two,
    groupArraySorted(2)(id) as smallest_two
from {{ ref('typed_text') }}
