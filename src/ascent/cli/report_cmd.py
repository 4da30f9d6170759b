"""``ascent report``: placeholder, filled in by its own change."""

from __future__ import annotations


def report_command() -> None:
    """Placeholder."""
