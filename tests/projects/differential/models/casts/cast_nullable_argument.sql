-- Casting a Nullable value to a non-Nullable type and back.
select
    CAST(ns AS String) as nullable_to_string,
    CAST(ns AS Nullable(String)) as stays_nullable,
    CAST(lc AS String) as low_cardinality_to_string,
    CAST(s AS LowCardinality(Nullable(String))) as to_low_cardinality_nullable
from {{ ref('typed_text') }}
where ns is not null
