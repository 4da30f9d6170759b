"""Read one calendar file: decode, parse, standardise Google's ``X-WR-TIMEZONE`` (FORMATS §6).

A file icalendar cannot parse, or one that is not a VCALENDAR, is one ``InputError``. An
unusable VEVENT (``screening``) is taken out and kept as a ``Rejected`` before any time is
converted. A calendar's floating times are read in its ``X-WR-TIMEZONE`` when it names a real
zone, else in UTC (a floating time means "local to the viewer", and the export does not say
who that is).
"""

from __future__ import annotations

import re
import warnings
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, tzinfo
from pathlib import PurePosixPath

import x_wr_timezone  # type: ignore[import-untyped]
from icalendar import Calendar

from ascent.domain.records import Note, Rejected
from ascent.errors import InputError
from ascent.importers.ics.caps import FILE_LINES
from ascent.importers.ics.screening import problem
from ascent.importers.ics.times import Form, start_forms, unknown_zones
from ascent.importers.source import Source
from ascent.importers.textfiles import decode_bytes

BOM = b"\xef\xbb\xbf"
#: a line's text, without its line break; blank lines are no content line, but icalendar
#: would keep an object for each
_LINE = re.compile(r"[^\r\n]+")
_VEVENT = re.compile(r"^[ \t]*BEGIN:VEVENT[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
MAGIC = b"BEGIN:VCALENDAR"
#: other names a calendar is saved under; only these are sniffed, so detecting does not open
#: every photo of an X or Takeout archive
SNIFFED = frozenset({"", ".ical", ".icalendar", ".ifb", ".vcs", ".cal", ".txt"})


@dataclass
class CalendarFile:
    """One parsed calendar with what reading it taught us."""

    label: str
    calendar: Calendar
    floating: tzinfo = UTC
    forms: dict[tuple[str, str | None], Form] = field(default_factory=dict)
    #: physical line of each VEVENT's ``BEGIN:VEVENT``, in ``walk("VEVENT")`` order
    lines: list[int] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    #: unusable events, by UID (or ``line N`` without one): a series with one is rejected whole
    rejected: dict[str, Rejected] = field(default_factory=dict)

    @property
    def name(self) -> str | None:
        """``X-WR-CALNAME``: Google writes the owner's e-mail for their primary calendar."""
        value = self.calendar.get("X-WR-CALNAME")
        return str(value) if value is not None else None


def calendar_members(source: Source) -> list[str]:
    """Members that are calendars: a ``.ics`` name, or bytes that begin a VCALENDAR."""
    return [n for n in source.names() if not _is_junk(n) and _is_calendar(source, n)]


def read_calendar(source: Source, name: str) -> CalendarFile:
    label = source.label(name)
    # UTF-8 (RFC 5545's charset), a BOM dropped; old Outlook files' cp1252 bytes kept
    text = decode_bytes(source.read_bytes(name, cap="calendar_bytes"))
    notes: list[Note] = []
    lines = _vevent_lines(text)  # before blank lines go: they count in the file's lines
    with collected_warnings(label, notes):
        calendar = _parse(label, _content(label, text))
    file = CalendarFile(label, calendar, notes=notes, lines=lines)
    _screen(file)
    file.floating = _floating_zone(file)
    file.forms = start_forms(calendar, file.floating)
    file.notes += _unknown_zone_notes(file)
    with collected_warnings(label, file.notes):
        file.calendar = _standard(file)
    return file


def has_events(file: CalendarFile) -> bool:
    return bool(file.calendar.walk("VEVENT") or file.rejected)


def _screen(file: CalendarFile) -> None:
    """Take unusable VEVENTs out of the calendar, each kept as a Rejected with its line."""
    events = file.calendar.walk("VEVENT")
    lines = file.lines + [1] * (len(events) - len(file.lines))  # never drop an event
    kept: list[int] = []
    bad: set[int] = set()
    for line, event in zip(lines, events, strict=False):
        why = problem(event)
        if why is None:
            kept.append(line)
            continue
        key = str(event.get("UID", "")) or f"line {line}"
        file.rejected.setdefault(key, Rejected(file.label, line, why))
        bad.add(id(event))
    for component in file.calendar.walk():
        component.subcomponents = [c for c in component.subcomponents if id(c) not in bad]
    file.lines = kept


def _standard(file: CalendarFile) -> Calendar:
    """Google's UTC times beside ``X-WR-TIMEZONE`` rewritten to RFC form (``x-wr-timezone``).

    The rewrite is a convenience: should the library fail on a value screening let through,
    the calendar is read as written, with a Note, rather than lost.
    """
    try:
        standard: Calendar = x_wr_timezone.to_standard(file.calendar)
    except Exception as exc:  # any library failure: the calendar stays usable
        file.notes.append(Note(file.label, f"X-WR-TIMEZONE not applied ({type(exc).__name__})"))
        return file.calendar
    return standard


@contextmanager
def collected_warnings(label: str, notes: list[Note]) -> Iterator[None]:
    """Turn the parsing libraries' warnings into Notes instead of stderr noise."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for message in dict.fromkeys(str(w.message).splitlines()[0] for w in caught):
        notes.append(Note(label, f"calendar warning: {message}"))


def _is_junk(name: str) -> bool:
    """macOS resource forks (``__MACOSX/._cal.ics``) ride along in ZIPs made on a Mac."""
    return name.startswith("__MACOSX/") or PurePosixPath(name).name.startswith("._")


def _is_calendar(source: Source, name: str) -> bool:
    suffix = PurePosixPath(name.lower()).suffix
    if suffix == ".ics":
        return True
    if suffix not in SNIFFED:
        return False
    with source.open_binary(name) as fh:
        head = fh.read(64)
    return head.removeprefix(BOM).lstrip()[: len(MAGIC)].upper() == MAGIC


def _content(label: str, text: str) -> str:
    """The content lines of ``text`` (blank ones dropped), refused when there are too many
    to parse whole: counted before any is kept. A regular expression over a run of millions
    of blank lines would take gigabytes of backtracking state; matching each line does not."""
    if max(text.count("\n"), text.count("\r")) > FILE_LINES:
        lines = sum(1 for m in _LINE.finditer(text) if not m[0].isspace())
        if lines > FILE_LINES:
            raise InputError(
                label,
                f"a calendar of {lines:,} lines, over the cap of {FILE_LINES:,} "
                "(export a shorter period, or one calendar at a time)",
            )
    return "\r\n".join(m[0] for m in _LINE.finditer(text) if not m[0].isspace()) + "\r\n"


def _parse(label: str, text: str) -> Calendar:
    try:
        calendar = Calendar.from_ical(text)
    except Exception as exc:  # icalendar raises more than ValueError on broken files
        reason = (str(exc).splitlines() or [type(exc).__name__])[0][:80]
        raise InputError(label, f"not an iCalendar file ({reason})") from exc
    if not isinstance(calendar, Calendar) or calendar.name != "VCALENDAR":
        found = getattr(calendar, "name", type(calendar).__name__)
        raise InputError(label, f"not an iCalendar file (a {found}, not a VCALENDAR)")
    return calendar


def _vevent_lines(text: str) -> list[int]:
    """Where each VEVENT begins: folded lines never start a property, so this is exact."""
    found, line, counted = [], 1, 0
    for match in _VEVENT.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        found.append(line)
    return found


def _floating_zone(file: CalendarFile) -> tzinfo:
    """The ``X-WR-TIMEZONE`` zone; an unknown name is dropped with a Note (floating → UTC)."""
    value = file.calendar.get("X-WR-TIMEZONE")
    if value is None:
        return UTC
    try:
        return zoneinfo.ZoneInfo(str(value))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        del file.calendar["X-WR-TIMEZONE"]
        file.notes.append(
            Note(
                file.label,
                f"X-WR-TIMEZONE {str(value)!r} is not a time zone: floating times read as UTC",
            )
        )
        return UTC


def _unknown_zone_notes(file: CalendarFile) -> list[Note]:
    zone = getattr(file.floating, "key", "UTC")
    return [
        Note(file.label, f"time zone {tzid!r} is unknown: {n} event{'s' * (n != 1)} read in {zone}")
        for tzid, n in sorted(unknown_zones(file.calendar).items())
    ]
