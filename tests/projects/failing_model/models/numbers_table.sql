select number as n
from numbers(7)
