-- Special literal forms: hexadecimal, binary, nan and inf.
select
    0xFF as hex_byte,
    0x1FF as hex_wide,
    0b101 as binary,
    nan as not_a_number,
    inf as infinity,
    -inf as minus_infinity
