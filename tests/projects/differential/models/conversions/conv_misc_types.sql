-- Conversions to UUID, IPv4, Bool and Nullable.
select
    toUUID('61f0c404-5cb3-11e7-907b-a6006ad3dba0') as literal_uuid,
    toString(uid) as uuid_string,
    toIPv4('10.0.0.1') as literal_ip,
    toString(ip) as ip_string,
    toBool(id) as id_to_bool,
    toNullable(id) as id_nullable,
    toUInt32(flag) as flag_to_u32
from {{ ref('typed_misc') }}
