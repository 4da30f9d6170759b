"""``ascent results``: placeholder, filled in by its own change."""

from __future__ import annotations

import typer

results_app = typer.Typer(no_args_is_help=True)
