"""Queue job handlers; importing a module registers its kind (worker.py imports them all)."""
