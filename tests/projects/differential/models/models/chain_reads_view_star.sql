-- SELECT * of a view model.
select * from {{ ref('lit_reference_view') }}
