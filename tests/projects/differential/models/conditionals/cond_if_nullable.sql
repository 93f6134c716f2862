-- if() with NULL or Nullable branches, and a Nullable condition.
select
    if(flag, 'a', NULL) as string_or_null,
    if(flag, NULL, 1) as null_or_one,
    if(flag, ni64, 0) as nullable_or_zero,
    if(nflag, 1, 0) as nullable_condition
from {{ ref('typed_misc') }}
