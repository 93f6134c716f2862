-- NULL, arrays, tuples and maps written as literals.
select
    NULL as nothing,
    [1, 2, 300] as int_array,
    [1, -1] as signed_array,
    ['a', 'b'] as string_array,
    [NULL, 1] as nullable_array,
    [] as empty_array,
    (1, 'a') as pair,
    map('k', 1) as string_map,
    [[1], [2, 3]] as nested_array
