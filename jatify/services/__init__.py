"""The domain layer: every rule and every write of Jatify, one module per domain.

Routes (jatify/api), CLI commands (jatify/cli) and queue tasks (jatify/tasks) are thin
callers of these functions; they validate the shape of their input, call one service,
and present the answer. Services raise `jatify.errors` exceptions, never HTTP statuses.
"""
