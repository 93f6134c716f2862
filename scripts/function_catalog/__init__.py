"""The function catalog generator's parts; `scripts/gen_function_catalog.py` runs them."""
