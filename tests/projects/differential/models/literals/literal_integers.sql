-- Integer literals take the smallest type that holds them; a minus sign makes them signed.
select
    1 as one,
    0 as zero,
    -1 as minus_one,
    255 as max_u8,
    256 as min_u16,
    300 as three_hundred,
    -129 as minus_129,
    70000 as seventy_thousand,
    5000000000 as five_billion,
    18446744073709551615 as max_u64,
    -9223372036854775808 as min_i64
