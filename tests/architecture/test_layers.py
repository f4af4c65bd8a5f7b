"""The house's rules, read from the source: imports flow one way and only services write.

api / cli / tasks -> services -> models -> extensions; the pure packages (documents,
analysis) and the low modules (vocabulary, errors, fields) never reach up. Every import
statement counts, including those inside functions.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "jatify"

# The low modules and the only jatify layers each may import.
ONLY: dict[str, set[str]] = {
    "extensions": set(),
    "vocabulary": set(),
    "errors": {"vocabulary"},
    "fields": set(),
}
# Layer -> the jatify layers it must never import.
FORBIDDEN: dict[str, set[str]] = {
    "models": {"services", "api", "cli", "tasks", "queue", "web", "documents", "analysis"},
    "documents": {"services", "api", "cli", "tasks", "queue", "models", "web"},
    "analysis": {"services", "api", "cli", "tasks", "queue", "models", "web"},
    "mail": {"services", "api", "cli", "tasks", "queue", "models", "web"},
    "capture": {"services", "api", "cli", "tasks", "queue", "models", "web"},
    "queue": {"services", "api", "cli", "tasks", "web"},
    "services": {"api", "cli", "tasks", "web"},
    "tasks": {"api", "cli", "web"},
    "api": {"cli", "tasks"},
    "cli": {"api", "tasks"},
}
# What a route, command or task may not do itself: a write goes through a service.
WRITES = re.compile(r"db\.session\.(add|commit|delete|execute|merge|flush)\b|\.execute\(")


def layer_of(path: Path) -> str:
    """The layer a module belongs to: its package under jatify/, or its module name."""
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def jatify_imports(path: Path) -> set[str]:
    """The jatify layers a module imports, anywhere in its body."""
    layers = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "jatify" and len(parts) > 1:
                layers.add(parts[1])
    return layers


# Every module but create_app's, which wires all the layers together.
MODULES = sorted(path for path in PACKAGE.rglob("*.py") if path != PACKAGE / "__init__.py")


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_imports_flow_one_way(path: Path):
    layer = layer_of(path)
    imported = jatify_imports(path) - {layer}
    bad = imported - ONLY[layer] if layer in ONLY else imported & FORBIDDEN.get(layer, set())
    assert not bad, f"{path.relative_to(PACKAGE)} ({layer}) imports {sorted(bad)}"


@pytest.mark.parametrize(
    "path",
    [p for p in MODULES if layer_of(p) in {"api", "cli", "tasks"} and p.name != "errors.py"],
    ids=lambda path: str(path.relative_to(PACKAGE)),
)
def test_routes_commands_and_tasks_write_nothing_themselves(path: Path):
    source = path.read_text(encoding="utf-8")
    assert not WRITES.search(source), f"{path.relative_to(PACKAGE)} writes a table itself"


def test_the_rules_see_a_violation(tmp_path: Path):
    module = tmp_path / "bad.py"
    module.write_text("from jatify.api.tokens import current_user_id\nimport jatify.cli.users\n")
    assert jatify_imports(module) == {"api", "cli"}
