"""Dependencies point inward: the domain imports no framework, engine or I/O library; the
front ends reach the rest through services and the composition root only."""

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
#: the front ends (entry points): the only packages that may import ``ascent.bootstrap``
FRONT_ENDS = ("cli", "web")
#: what a front end may import of Ascent: itself, the use cases, the composition root, the
#: settings, the errors and the version (never the domain, analytics, store or importers)
FRONT_END_MAY_IMPORT = (
    "ascent.service",
    "ascent.bootstrap",
    "ascent.settings",
    "ascent.errors",
    "ascent.__version__",
)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _ascent_imports(path: Path) -> set[str]:
    return _ascent_imports_of(path.read_text(encoding="utf-8"), path)


def _ascent_imports_of(source: str, path: Path) -> set[str]:
    """The Ascent names the module at ``path`` imports, ``from ascent import x``, ``from
    ascent.m import x`` and relative imports spelt in full (``ascent.x``, ``ascent.m.x``)."""
    package = ".".join(("ascent", *path.parent.relative_to(PACKAGE).parts))
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(p for p in (base, node.module or "") if p)
            names |= {f"{module}.{alias.name}" for alias in node.names}
    return {n for n in names if n == "ascent" or n.startswith("ascent.")}


def _within(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


#: a front end may start another: ``ascent serve`` starts the web app through its factory;
#: and the CLI may have the web front end draw its documents with the web's own templates and
#: chart specs (``ascent report``: the programme report; ``ascent digest``: the weekly e-mails),
#: and ``ascent serve`` logs as the web app does (``ascent.web.ops.logging_config``)
FRONT_END_MAY_START = {
    "cli": (
        "ascent.web.app.create_app",
        "ascent.web.report",
        "ascent.web.digest",
        "ascent.web.ops.logging_config",
    ),
}


def _front_end_violations(front_end: str) -> list[str]:
    allowed = (
        f"ascent.{front_end}",
        *FRONT_END_MAY_IMPORT,
        *FRONT_END_MAY_START.get(front_end, ()),
    )
    return [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in sorted((PACKAGE / front_end).rglob("*.py"))
        for name in sorted(_ascent_imports(path))
        if not _within(name, allowed)
    ]


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
    assert (PACKAGE / "cli").is_dir()
    assert _front_end_violations("cli") == []


def test_web_calls_services_only() -> None:
    """The same rule for the web app."""
    assert (PACKAGE / "web").is_dir()
    assert _front_end_violations("web") == []


def test_only_front_ends_import_the_composition_root() -> None:
    found = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).parts[0] not in FRONT_ENDS
        for name in _ascent_imports(path)
        if _within(name, ("ascent.bootstrap",))
    ]
    assert found == []


def test_the_rule_sees_every_spelling_of_an_import() -> None:
    """``from ascent import store``, ``from ascent.store import models`` and relative
    imports are all caught, not only ``import ascent.store``."""
    module = PACKAGE / "cli" / "app.py"
    source = "from ascent import store\nfrom ..domain import vocabulary\nimport ascent.analytics\n"
    names = _ascent_imports_of(source, module)
    assert names == {"ascent.store", "ascent.domain.vocabulary", "ascent.analytics"}
