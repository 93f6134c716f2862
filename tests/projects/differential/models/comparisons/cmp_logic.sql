-- AND, OR, NOT and NULL tests.
select
    flag and id > 1 as and_op,
    flag or nflag as or_nullable,
    not flag as not_flag,
    nflag is null as is_null,
    ni64 is not null as is_not_null,
    isNull(nflag) as is_null_function,
    xor(flag, id > 2) as xor_op
from {{ ref('typed_misc') }}
