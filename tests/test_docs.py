"""The docs cannot fall behind: every command, option, CSV column and format is documented."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer.main

from ascent.analytics.person import METRICS_VERSION
from ascent.cli.app import app
from ascent.importers.ascent_csv import COLUMNS
from ascent.importers.registry import importers
from ascent.web.pages import PAGES
from ascent.web.routes import ROUTERS

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _commands(group: Any, prefix: str = "ascent") -> list[tuple[str, Any]]:
    """(path, command) for every leaf command; Typer vendors its Click, so duck-type it."""
    found = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        if hasattr(command, "commands"):
            found += _commands(command, path)
        else:
            found.append((path, command))
    return found


def test_every_command_and_option_is_in_the_cli_reference() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    root = typer.main.get_command(app)
    for path, command in _commands(root):
        assert f"`{path}" in text, path
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt != "--help":
                    assert opt in text, f"{path} {opt}"
    for param in root.params:
        for opt in getattr(param, "opts", []):
            if opt != "--help":
                assert opt in text, opt


def test_every_ascent_csv_column_is_documented() -> None:
    text = (DOCS / "ascent-csv.md").read_text(encoding="utf-8")
    for column in COLUMNS:
        assert f"| `{column}` |" in text, column


def test_every_importer_is_in_the_formats_page() -> None:
    text = (DOCS / "formats.md").read_text(encoding="utf-8")
    for importer in importers():
        assert f"`{importer.name}`" in text, importer.name


def test_every_page_of_the_web_app_is_in_its_guide() -> None:
    assert ROUTERS  # importing the routers declares every page
    text = (DOCS / "web.md").read_text(encoding="utf-8")
    for page in PAGES:
        assert f"`{page.path}`" in text or f"`POST {page.path}`" in text, page.path


def test_the_metrics_page_carries_the_metrics_version() -> None:
    text = (DOCS / "metrics.md").read_text(encoding="utf-8")
    assert f"Metrics version: {METRICS_VERSION}\n" in text
