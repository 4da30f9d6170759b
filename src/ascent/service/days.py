"""The days a use case accepts: an ISO date from the first counted day to a year ahead.

The measures walk the days and weeks up to the day asked for, so year 1 or 9999 would
overflow or run for minutes; every front end reads a day it was given through here.
"""

from __future__ import annotations

from datetime import date, timedelta

from ascent.analytics.calendar import EARLIEST_DAY
from ascent.errors import ConfigError

#: the earliest day accepted: the first day the measures count
FIRST_DAY = EARLIEST_DAY
#: how far past today a day may reach (planning ahead, not year 9999)
AHEAD = timedelta(days=365)


def day_range(*, today: date) -> tuple[date, date]:
    """The first and last day accepted (a form's ``min`` and ``max``)."""
    return FIRST_DAY, today + AHEAD


def read_day(value: str | None, *, name: str, today: date) -> date:
    """``value``, an ISO date in ``day_range`` (``today`` when None), else a ``ConfigError``.

    ``name`` is what the front end calls the field (``--as-of``, ``--from`` …).
    """
    if value is None:
        return today
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{name} {value!r} is not a date (use YYYY-MM-DD)") from None
    first, last = day_range(today=today)
    if not first <= day <= last:
        raise ConfigError(f"{name} {value}: give a day from {first} to {last} (a year ahead)")
    return day
