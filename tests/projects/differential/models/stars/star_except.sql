-- * EXCEPT (...).
select * except (fs, e8, tags) from {{ ref('typed_text') }}
