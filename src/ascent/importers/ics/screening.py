"""Which VEVENTs cannot be used, and why (FORMATS §6; docs/formats/ics.md "What is skipped").

Each unusable event becomes one ``Rejected`` with the line of its ``BEGIN:VEVENT``, and is
taken out of the calendar before anything converts or expands its times: a time in year 1 or
9999 overflows ``datetime``, an ``RDATE;VALUE=TIME`` cannot be compared with a date, and an
``RRULE`` with ``INTERVAL=0`` never advances. The rest of the calendar imports.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

from icalendar import Component

from ascent.importers.ics.times import EARLIEST, LATEST, in_range

#: properties whose parse errors make a series unusable (a broken CREATED does not)
ESSENTIAL = frozenset({"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE",
                       "RECURRENCE-ID"})  # fmt: skip
#: times that are converted to UTC: the occurrence, its slot, its end, and the export moment
TIMES = ("DTSTART", "RECURRENCE-ID", "DTEND", "DTSTAMP", "LAST-MODIFIED", "RDATE", "EXDATE")
RANGE = f"{EARLIEST.year}–{LATEST.year - 1}"
#: the most days each month can have (February in a leap year)
DAYS_IN_MONTH = dict(enumerate((31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31), start=1))


def problem(event: Component) -> str | None:
    """Why ``event`` cannot be imported, or None when it can."""
    if not str(event.get("UID", "")).strip():
        return "VEVENT without UID"
    broken = {name: message for name, message in event.errors if name in ESSENTIAL}
    if "DTSTART" not in event or "DTSTART" in broken:
        return "VEVENT without a readable DTSTART"
    if broken:
        name, message = next(iter(broken.items()))
        return f"unreadable {name} ({str(message)[:60]})"
    for name in TIMES:
        for value in _values(event, name):
            if (why := _odd_time(name, value)) is not None:
                return why
    return _odd_duration(event) or _odd_rule(event)


def _odd_time(name: str, value: Any) -> str | None:
    if isinstance(value, tuple) and len(value) == 2:  # an RDATE period: (start, end or length)
        start, end = value
        if isinstance(start, date) and isinstance(end, timedelta):
            end = _plus(start, end)
        return _odd_time(name, start) or _odd_time(name, end)
    if not isinstance(value, date):
        return f"{name} {_text(value)} is not a date or a date-time"
    if not in_range(value):
        return f"{name} {_text(value)} is outside the years {RANGE}"
    return None


def _odd_duration(event: Component) -> str | None:
    """A DURATION that ends the event outside the range (``P9999999W``) overflows its end."""
    start, length = next(_values(event, "DTSTART"), None), next(_values(event, "DURATION"), None)
    if not isinstance(start, date) or not isinstance(length, timedelta):
        return None
    end = _plus(start, length)
    return None if end is not None and in_range(end) else f"DURATION {length} is out of range"


def _plus(start: date, length: timedelta) -> date | None:
    try:
        return start + length
    except OverflowError:
        return None


def _odd_rule(event: Component) -> str | None:
    """A rule dateutil would loop on forever (RFC 5545: INTERVAL is a positive integer), or
    search to the year 9999 for in vain (seconds per rule): a day no month of it has."""
    for rule in _as_list(event.get("RRULE")):
        for interval in rule.get("INTERVAL", []):
            if not isinstance(interval, int) or interval < 1:
                return f"RRULE INTERVAL={interval} is not a positive number"
        if _no_such_day(rule):
            return "RRULE never occurs (no month has its BYMONTHDAY)"
    return None


def _no_such_day(rule: Any) -> bool:
    try:
        months = [int(str(m).rstrip("Ll")) for m in rule.get("BYMONTH", [])] or range(1, 13)
        days = [int(d) for d in rule.get("BYMONTHDAY", [])]
    except ValueError:
        return False  # unreadable parts are dateutil's to refuse
    longest = [DAYS_IN_MONTH.get(m, 31) for m in months]
    return bool(days) and not any(1 <= abs(d) <= n for d in days for n in longest)


def _values(event: Component, name: str) -> Iterator[Any]:
    """Every value of a date property: RDATE and EXDATE repeat and hold lists. An unreadable
    one is skipped here: ``event.errors`` reports it when it matters (a broken DTSTAMP does
    not)."""
    for prop in _as_list(event.get(name)):
        try:
            items = getattr(prop, "dts", [prop])
        except ValueError:  # icalendar's BrokenCalendarProperty
            continue
        for item in items:
            try:
                yield item.dt
            except (AttributeError, ValueError):
                continue


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)[:40]
