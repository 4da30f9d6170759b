"""Event times in UTC, and the text they were written as (FORMATS §6 ``DTSTART``).

An occurrence of a series has no text of its own in the file, so ``raw_time`` renders its
start the way the file writes the component it comes from: ``20240305T100000 Europe/Berlin``
(``TZID``, Windows names kept as written), ``20240305T090000Z`` (UTC), ``20240305T100000``
(floating) or ``20240401`` (all-day).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo

from icalendar import Calendar, Component

#: Times a calendar event can really have. Nobody's meeting predates 1900, and none is planned
#: after 2199; values outside (year 1, year 9999) are corrupt, and near either end converting
#: them to UTC or adding a day overflows ``datetime``.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Form:
    """How a component writes its DTSTART: ``date``, ``utc``, ``floating`` or ``tzid``."""

    kind: str
    tzid: str | None = None


def utc_instant(value: date, floating: tzinfo = UTC) -> datetime:
    """An aware UTC datetime; a date is its day at 00:00 UTC, a floating time is in ``floating``.

    An all-day event counts on its day; midnight UTC keeps the day unchanged in the store.
    """
    if not isinstance(value, datetime):
        return datetime.combine(value, time(0), UTC)
    if value.tzinfo is None:
        value = value.replace(tzinfo=floating)
    return value.astimezone(UTC)


def instant_key(value: date, floating: tzinfo = UTC) -> str:
    """The occurrence part of a source key: ``2024-04-01`` or ``2024-03-05T09:00:00Z``."""
    if not isinstance(value, datetime):
        return value.isoformat()
    return utc_instant(value, floating).strftime("%Y-%m-%dT%H:%M:%SZ")


def raw_text(start: date, form: Form) -> str:
    """``start`` written the way the file writes its component's DTSTART."""
    if not isinstance(start, datetime):
        return start.strftime("%Y%m%d")
    if form.kind == "utc":
        return start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    wall = start.strftime("%Y%m%dT%H%M%S")
    return f"{wall} {form.tzid}" if form.kind == "tzid" and form.tzid else wall


def form_of(component: Component) -> Form | None:
    """The form of ``component``'s DTSTART as parsed, before any X-WR-TIMEZONE rewrite."""
    start = readable(component, "DTSTART")
    if start is None:
        return None
    if not isinstance(start, datetime):
        return Form("date")
    tzid = component["DTSTART"].params.get("TZID")
    if tzid:
        return Form("tzid", str(tzid))
    return Form("floating") if start.tzinfo is None else Form("utc")


def start_forms(calendar: Calendar, floating: tzinfo) -> dict[tuple[str, str | None], Form]:
    """``(UID, RECURRENCE-ID key or None for the series)`` → the form its DTSTART is written in."""
    forms: dict[tuple[str, str | None], Form] = {}
    for event in calendar.walk("VEVENT"):
        form, rid = form_of(event), readable(event, "RECURRENCE-ID")
        if form is not None and "UID" in event:
            key = instant_key(rid, floating) if rid is not None else None
            forms[str(event["UID"]), key] = form
    return forms


def unknown_zones(calendar: Calendar) -> dict[str, int]:
    """TZIDs neither the file nor the zone database define, with how many events use them.

    icalendar leaves such times naive, so they are read like floating times.
    """
    found: dict[str, int] = {}
    for event in calendar.walk("VEVENT"):
        start, form = readable(event, "DTSTART"), form_of(event)
        naive = isinstance(start, datetime) and start.tzinfo is None
        if form is not None and form.kind == "tzid" and naive and form.tzid:
            found[form.tzid] = found.get(form.tzid, 0) + 1
    return found


def start_of(event: Component) -> date:
    """An occurrence's DTSTART; every expanded occurrence has one."""
    start = readable(event, "DTSTART")
    if start is None:
        raise ValueError("occurrence without DTSTART")
    return start


def readable(component: Component, name: str) -> date | None:
    """A date or date-time property's value, or None when it is missing, unreadable or out of
    range (so no caller can overflow converting it).

    Google writes ``CREATED:00001231T000000Z`` on some events; icalendar keeps it broken.
    """
    prop = component.get(name)
    if prop is None:
        return None
    try:
        value = prop.dt
    except (AttributeError, ValueError):
        return None
    return value if isinstance(value, date) and in_range(value) else None


def in_range(value: date) -> bool:
    """Whether ``value`` lies in ``EARLIEST``..``LATEST``; a floating time is taken as UTC (the
    bounds are centuries away from any real value, so its zone does not matter)."""
    try:
        instant = utc_instant(value)
    except OverflowError:  # year 1 with a positive offset, year 9999 with a negative one
        return False
    return EARLIEST <= instant < LATEST
