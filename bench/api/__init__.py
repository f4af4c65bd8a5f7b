"""The API benchmark's parts; `python bench/api_bench.py` runs it (its docstring says how)."""
