"""The auth benchmark's parts; `python bench/auth_bench.py` runs it (its docstring says how)."""
