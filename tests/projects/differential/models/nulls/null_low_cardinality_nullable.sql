-- LowCardinality(Nullable(String)) through functions.
select
    lcn,
    concat(lcn, '!') as concat_lcn,
    lower(lcn) as lower_lcn,
    coalesce(lcn, '') as lcn_or_empty,
    lcn is null as lcn_is_null,
    assumeNotNull(lcn) as assumed
from {{ ref('typed_text') }}
