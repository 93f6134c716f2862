{#
    Divides without failing on a zero denominator: ClickHouse raises an error
    for an integer or Decimal division by zero, so a zero denominator becomes
    NULL and the quotient is NULL as well.
#}
{% macro safe_divide(numerator, denominator) -%}
    ({{ numerator }}) / nullIf({{ denominator }}, 0)
{%- endmacro %}
