-- SELECT t.*.
select t.* from {{ ref('typed_times') }} as t
