-- Changing case.
select
    lower(s) as lower_s,
    upper(fs) as upper_fixed,
    lowerUTF8(s) as lower_utf8,
    initcap(s) as initcap_s
from {{ ref('typed_text') }}
