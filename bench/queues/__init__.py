"""The queue benchmark's parts; `python bench/queue_bench.py` runs it (its docstring says how)."""
