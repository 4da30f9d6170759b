"""``ascent coach``: placeholder, filled in by its own change."""

from __future__ import annotations


def coach_command() -> None:
    """Placeholder."""
