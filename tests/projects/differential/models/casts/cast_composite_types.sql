-- Casts to arrays, tuples, maps, enums and fixed strings.
select
    CAST([1, 2] AS Array(UInt32)) as to_array,
    CAST((1, 'a') AS Tuple(a UInt8, b String)) as to_named_tuple,
    CAST((1, 'a') AS Tuple(UInt16, String)) as to_tuple,
    CAST(map('a', 1) AS Map(String, UInt64)) as to_map,
    CAST('a' AS Enum8('a' = 1, 'b' = 2)) as to_enum,
    CAST('abc' AS FixedString(3)) as to_fixed,
    CAST('x' AS LowCardinality(String)) as to_low_cardinality
