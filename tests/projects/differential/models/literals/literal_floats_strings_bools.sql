-- Float, string and boolean literals.
select
    1.5 as one_and_a_half,
    -0.5 as minus_half,
    1e3 as scientific,
    'a' as letter,
    '' as empty_string,
    true as yes,
    false as no
