"""``ascent tokens``: the REST API's bearer tokens (create, list, revoke)."""

from __future__ import annotations

import typer

tokens_app = typer.Typer(help="REST API tokens: create, list, revoke.", no_args_is_help=True)
