"""``ascent worker``: an import worker that runs the queued background imports."""

from __future__ import annotations

import typer


def worker_command(ctx: typer.Context) -> None:
    """Run queued imports (placeholder)."""
