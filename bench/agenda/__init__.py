"""The agenda benchmark (`bench/agenda_bench.py`): the agenda, the feed and the digest."""
