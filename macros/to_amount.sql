{#
    Rounds a money expression half away from zero and stores it as
    Decimal(18, scale). Products of Decimals add their scales (quantity *
    unit_price * (1 - discount_pct) has scale 4), so amounts shown to people
    are brought back to cents here.
#}
{% macro to_amount(expression, scale=2) -%}
    toDecimal64(round({{ expression }}, {{ scale }}), {{ scale }})
{%- endmacro %}
