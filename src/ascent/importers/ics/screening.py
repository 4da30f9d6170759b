"""Which VEVENTs cannot be used, and why (FORMATS §6; docs/formats/ics.md "What is skipped").

Each unusable event becomes one ``Rejected`` with the line of its ``BEGIN:VEVENT``, and is
taken out of the calendar before anything converts or expands its times: a time in year 1 or
9999 overflows ``datetime``, an ``RDATE;VALUE=TIME`` cannot be compared with a date, and an
``RRULE`` with ``INTERVAL=0`` never advances. The rest of the calendar imports.

A rule that never occurs costs dateutil seconds: it searches to the year 9999, and UNTIL does
not stop it, since UNTIL is only compared with a day that fits the rule. ``check_rules`` finds
such rules in a bounded number of days (``series`` calls it, under a per-calendar cap).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from dateutil.rrule import (  # type: ignore[import-untyped]
    DAILY,
    HOURLY,
    MINUTELY,
    MONTHLY,
    WEEKLY,
    YEARLY,
    rrule,
    rrulestr,
    weekday,
)
from icalendar import Component, vRecur

from ascent.importers.ics.times import EARLIEST, LATEST, in_range

#: properties whose parse errors make a series unusable (a broken CREATED does not)
ESSENTIAL = frozenset({"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"})
#: times that are converted to UTC: the occurrence, its slot, its end, and the export moment
TIMES = ("DTSTART", "RECURRENCE-ID", "DTEND", "DTSTAMP", "LAST-MODIFIED", "RDATE", "EXDATE")
RANGE = f"{EARLIEST.year}–{LATEST.year - 1}"
#: the most days each month can have (February in a leap year)
DAYS_IN_MONTH = dict(enumerate((31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31), start=1))
#: dateutil stops after the year 9999. From 9972 that is 28 years with no century exception,
#: which hold every kind of year there is (the weekday of 1 January; whether it, the year
#: before and the year after are leap years): a rule's day parts that fit no day of them fit
#: no day at all, and a search that starts here is bounded by dateutil itself.
PROBE_DAY = date(9972, 1, 1)
LAST_DAY = date(9999, 12, 31)
#: 400 Gregorian years are 146,097 days, a whole number of weeks: a rule moved 19 of them
#: later (a DTSTART of 1900–2199 to 9500–9799) has the same slots 7,600 years later, so its
#: search up to 9999 is the original's up to 2399, past every year this importer reads
SHIFT_YEARS = 7_600
#: the parts dateutil fills from DTSTART when a rule names no day (RFC 5545 §3.3.10)
DAY_PARTS = ("BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY")
SECONDS = {HOURLY: 3_600, MINUTELY: 60}


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
    search to the year 9999 for in vain (seconds per rule): a day no month of it has. Other
    rules that never occur are found by ``check_rules``; BYEASTER (dateutil's, not RFC 5545)
    follows no 400-year cycle, so no bounded search could tell."""
    for rule in _as_list(event.get("RRULE")):
        for interval in rule.get("INTERVAL", []):
            if not isinstance(interval, int) or interval < 1:
                return f"RRULE INTERVAL={interval} is not a positive number"
        if _no_such_day(rule):
            return "RRULE never occurs (no month has its BYMONTHDAY)"
        if "BYEASTER" in rule:
            return "RRULE BYEASTER is not iCalendar (RFC 5545)"
    return None


def _no_such_day(rule: Any) -> bool:
    try:
        months = [int(str(m).rstrip("Ll")) for m in rule.get("BYMONTH", [])] or range(1, 13)
        days = [int(d) for d in rule.get("BYMONTHDAY", [])]
    except ValueError:
        return False  # unreadable parts are dateutil's to refuse
    longest = [DAYS_IN_MONTH.get(m, 31) for m in months]
    return bool(days) and not any(1 <= abs(d) <= n for d in days for n in longest)


@dataclass(frozen=True, slots=True)
class RuleCheck:
    """Why an event's rule never occurs (None when it does), and the days examined to know."""

    why: str | None
    days: int


def check_rules(event: Component) -> RuleCheck:
    """Whether each RRULE of a screened ``event`` occurs in the years this importer reads.

    Two bounded searches, each with dateutil itself so that its reading of the rule is the
    expansion's: the rule's day parts at INTERVAL=1 over the 28 years from ``PROBE_DAY``;
    then, for an INTERVAL over 1, the rule itself moved ``SHIFT_YEARS`` later.
    """
    start = next(_values(event, "DTSTART"), None)
    if not isinstance(start, date):
        return RuleCheck(None, 0)
    if isinstance(start, datetime):
        begin = start.replace(tzinfo=None)
    else:
        begin = datetime.combine(start, time(0))
    spent = 0
    for rule in _as_list(event.get("RRULE")):
        parsed = _parsed(rule, begin)
        if parsed is None:
            continue
        why, days = _never(rule, parsed)
        spent += days
        if why is not None:
            return RuleCheck(why, spent)
    return RuleCheck(None, spent)


def _parsed(rule: Any, begin: datetime) -> Any:
    """The rule as dateutil reads it, without COUNT and UNTIL (they do not end a search for a
    day that fits), or None when dateutil refuses it (the expansion then says why)."""
    kept: Any = vRecur({k: v for k, v in rule.items() if k not in ("COUNT", "UNTIL")})
    try:
        return rrulestr(kept.to_ical().decode(), dtstart=begin)
    except Exception:  # whatever dateutil raises on a part it cannot read
        return None


def _never(rule: Any, parsed: Any) -> tuple[str | None, int]:
    """Why the rule never occurs, or None; and the days dateutil examined."""
    try:
        return _search(rule, parsed)
    except Exception:  # a rule dateutil cannot search: the expansion reports it
        return None, 0


def _search(rule: Any, parsed: Any) -> tuple[str | None, int]:
    probe = _day_probe(parsed)
    found, days = _first(probe, PROBE_DAY) if probe is not None else (True, 0)
    if not found or _past_set(parsed):
        return f"RRULE never occurs (no day can satisfy {_parts(rule, parsed)})", days
    if parsed._interval == 1:  # every period is visited: the day parts decide
        return None, days
    start = parsed._dtstart
    moved = parsed.replace(dtstart=start.replace(year=start.year + SHIFT_YEARS))
    found, span = _first(moved, moved._dtstart.date())
    days += span // _step_days(parsed) + 1
    if found:
        return None, days
    interval = parsed._interval
    return f"RRULE never occurs in the years {RANGE} (INTERVAL={interval} skips them)", days


def _day_probe(parsed: Any) -> Any:
    """The rule's day parts at INTERVAL=1 from ``PROBE_DAY`` (with BYSETPOS and the times
    where BYSETPOS picks among a year's, a month's or a week's days), or None when every day
    fits. Below a week dateutil reads BYDAY without ordinals, as a yearly rule does."""
    days = {
        "bymonth": parsed._bymonth,
        "byweekno": parsed._byweekno,
        "byyearday": parsed._byyearday,
        "bymonthday": (parsed._bymonthday + parsed._bynmonthday) or None,
        "byweekday": [
            *(parsed._byweekday or ()),
            *(weekday(d, n) for d, n in parsed._bynweekday or ()),
        ]
        or None,
    }
    begin = datetime.combine(PROBE_DAY, time(0))
    freq, wkst, setpos = parsed._freq, parsed._wkst, parsed._bysetpos
    if freq in (YEARLY, MONTHLY) or (freq == WEEKLY and setpos):
        times = {
            "byhour": parsed._byhour,
            "byminute": parsed._byminute,
            "bysecond": parsed._bysecond,
        }
        return rrule(freq, dtstart=begin, wkst=wkst, bysetpos=setpos, **days, **times)
    if not any(days.values()):
        return None
    return rrule(YEARLY, dtstart=begin, wkst=wkst, byhour=0, byminute=0, bysecond=0, **days)


def _past_set(parsed: Any) -> bool:
    """BYSETPOS past the slots of each day, hour or minute of a daily or shorter rule: one
    day's times (a daily rule), one hour's minutes and seconds, one minute's seconds."""
    freq, setpos = parsed._freq, parsed._bysetpos
    if not setpos or freq < DAILY:
        return False
    size = 1
    for part, below in (
        (parsed._byhour, DAILY),
        (parsed._byminute, HOURLY),
        (parsed._bysecond, MINUTELY),
    ):
        size *= len(part) if freq <= below else 1
    return not any(-size <= pos <= size for pos in setpos)


def _first(probe: Any, begin: date) -> tuple[bool, int]:
    """Whether ``probe`` has a slot before dateutil's end, and the days examined to know."""
    try:
        slot = next(iter(probe), None)
    except (ValueError, OverflowError):  # a slot past 9999, or a rule the expansion refuses
        return True, (LAST_DAY - begin).days + 1
    end = slot.date() if slot is not None else LAST_DAY
    return slot is not None, (end - begin).days + 1


def _step_days(parsed: Any) -> int:
    """Days between the periods dateutil visits: a yearly rule with INTERVAL=4 examines the
    days of every fourth year; a shorter rule at least one day each time."""
    interval: int = parsed._interval
    if parsed._freq <= DAILY:
        return interval
    return max(1, interval * SECONDS.get(parsed._freq, 1) // 86_400)


def _parts(rule: Any, parsed: Any) -> str:
    """The rule's BY parts as written, and the day it takes from DTSTART when it names none."""
    parts: Any = vRecur({k: v for k, v in rule.items() if k.startswith("BY")})
    written = str(parts.to_ical().decode())
    if not any(part in rule for part in DAY_PARTS) and parsed._freq in (YEARLY, MONTHLY):
        written += " on DTSTART's day of the month"
    elif not any(part in rule for part in DAY_PARTS) and parsed._freq == WEEKLY:
        written += " on DTSTART's weekday"
    return written[:80]


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
