-- Bool, UUID, IPv4 and Nullable ones, as declared.
select * from {{ ref('typed_misc') }}
