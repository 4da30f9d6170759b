"""``ascent market``: placeholder, filled in by its own change."""

from __future__ import annotations

import typer

market_app = typer.Typer(no_args_is_help=True)
