{#
    Divides without failing on a zero denominator. ClickHouse raises an error
    for a Decimal division by zero (and returns inf or nan for integers and
    floats), so a zero denominator becomes NULL and the quotient NULL as well.
#}
{% macro safe_divide(numerator, denominator) -%}
    ({{ numerator }}) / nullIf({{ denominator }}, 0)
{%- endmacro %}
