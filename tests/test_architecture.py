"""Dependencies point inward: the domain imports no framework, engine or I/O library."""

from __future__ import annotations

import ast
from pathlib import Path

import ascent

PACKAGE = Path(ascent.__file__).parent
FORBIDDEN_IN_DOMAIN = {
    "sqlalchemy",
    "alembic",
    "typer",
    "rich",
    "psycopg",
    "polars",
    "duckdb",
    "pandas",
    "ascent.store",
    "ascent.service",
    "ascent.cli",
    "ascent.importers",
}
#: layer -> layers it must not import (DESIGN §6: domain <- analytics <- store <- importers
#: <- service <- cli/web/api)
NOT_ABOVE = {
    "importers": {"ascent.store", "ascent.service", "ascent.cli"},
    "store": {"ascent.service", "ascent.cli"},
    "service": {"ascent.cli"},
}
#: CLI modules that reach the rest only through services (every CLI module once
#: ``cli/common.py`` and ``cli/demo_cmd.py`` no longer open the store themselves)
THROUGH_SERVICES = ("link_cmd.py", "log_cmd.py")
BELOW_SERVICES = {"ascent.domain", "ascent.analytics", "ascent.store", "ascent.importers"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _violations(layer: str, forbidden: set[str], pattern: str = "*.py") -> list[str]:
    found = []
    for path in (PACKAGE / layer).rglob(pattern):
        for name in _imports(path):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                found.append(f"{path.relative_to(PACKAGE)} imports {name}")
    return found


def test_domain_is_pure() -> None:
    assert _violations("domain", FORBIDDEN_IN_DOMAIN) == []


def test_layers_point_one_way() -> None:
    assert [v for layer, f in NOT_ABOVE.items() for v in _violations(layer, f)] == []


def test_cli_commands_call_services_only() -> None:
    found = [v for m in THROUGH_SERVICES for v in _violations("cli", BELOW_SERVICES, m)]
    assert found == []
