-- Hash functions.
select
    cityHash64(s) as city,
    sipHash64(s) as sip,
    MD5(s) as md5,
    hex(MD5(s)) as md5_hex,
    xxHash32(s) as xx32,
    murmurHash3_32(s) as murmur,
    cityHash64(s, id) as city_two_arguments
from {{ ref('typed_text') }}
