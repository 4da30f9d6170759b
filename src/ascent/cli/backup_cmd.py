"""``ascent backup`` and ``ascent restore``: the whole database to one file and back."""

from __future__ import annotations

import typer


def backup_command(ctx: typer.Context) -> None:
    """Back up the database (placeholder)."""


def restore_command(ctx: typer.Context) -> None:
    """Restore a backup (placeholder)."""
