"""Development-only helpers, never imported by the running service: the embedded
PostgreSQL (`embedded_db`) and the one-machine runner behind `bin/dev` (`server`)."""
