"""Events grouped into series and de-duplicated, and the window they expand in (FORMATS §6).

A series is every VEVENT sharing a UID: the master with its RRULE/RDATE/EXDATE and the
overrides (``RECURRENCE-ID``) that move or cancel one occurrence. ``expansion`` expands each
series on its own, so one broken series is one rejected event, not a lost file.

Expansion window: from the earliest DTSTART in the file to ``HORIZON`` after the export moment
(the newest ``DTSTAMP``/``LAST-MODIFIED``: Google and Outlook stamp every event with the export
time). An endless RRULE therefore ends, and a later export adds only the occurrences that
came into its own window.

A series whose RRULE never occurs is rejected here, before anything expands it
(``screening.check_rules``, under the calendar's ``caps.RuleBudget``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from icalendar import Component

from ascent.domain.records import Rejected
from ascent.importers.ics.caps import RuleBudget, series_name
from ascent.importers.ics.reading import CalendarFile
from ascent.importers.ics.screening import check_rules
from ascent.importers.ics.times import instant_key, readable, utc_instant

HORIZON = timedelta(days=365)
#: Google splits a series ("this and following events") into ``<uid>_R<start>@google.com``
GOOGLE_SPLIT = re.compile(r"_R\d{8}T\d{6}(?=@google\.com$)")
OLDEST = datetime.min.replace(tzinfo=UTC)
#: UIDs longer than this are hashed in keys (source keys hold 700 characters; RFC UIDs are
#: unbounded, Outlook's are ~110)
LONGEST_UID = 300


@dataclass
class Series:
    uid: str
    line: int
    components: list[Component] = field(default_factory=list)

    @property
    def master(self) -> Component | None:
        return next((c for c in self.components if "RECURRENCE-ID" not in c), None)

    @property
    def recurring(self) -> bool:
        """Occurrences need their own keys: there is a rule, extra dates, or an override."""
        marks = ("RRULE", "RDATE", "RECURRENCE-ID")
        return any(mark in c for c in self.components for mark in marks)

    @property
    def key_uid(self) -> str:
        return _short(self.uid)

    @property
    def booking_uid(self) -> str:
        """The UID a booking is keyed on: both halves of a split Google series are one."""
        return _short(GOOGLE_SPLIT.sub("", self.uid))


@dataclass
class Grouped:
    series: list[Series]
    rejected: list[Rejected]
    copies: int


@dataclass(frozen=True, slots=True)
class Window:
    start: date
    end: date


def group_series(file: CalendarFile) -> Grouped:
    """Series in file order; repeated VEVENTs keep their newest copy; a UID with an unusable
    event (screened out on reading) is rejected whole."""
    newest: dict[tuple[str, str | None], tuple[int, Component]] = {}
    rejected = dict(file.rejected)
    copies = 0
    events = file.calendar.walk("VEVENT")
    lines = file.lines + [1] * (len(events) - len(file.lines))  # never drop an event
    for line, event in zip(lines, events, strict=False):
        uid = str(event.get("UID", ""))
        copies += _keep_newest(newest, (uid, _rid(event, file)), line, event)
    budget = RuleBudget()
    occurring = _occurring(_series(newest, rejected), rejected, file.label, budget)
    file.notes += budget.notes(file.label)
    return Grouped(occurring, list(rejected.values()), copies)


def window_of(series: list[Series]) -> Window:
    """Earliest DTSTART (a day early, for zones west of UTC) to the export moment + HORIZON."""
    components = [c for s in series for c in s.components]
    starts = [utc_instant(d) for c in components if (d := readable(c, "DTSTART")) is not None]
    stamps = [
        utc_instant(d)
        for c in components
        for name in ("DTSTAMP", "LAST-MODIFIED")
        if (d := readable(c, name)) is not None
    ]
    if not starts:
        return Window(date.min, date.min)
    exported = max(stamps or starts)
    return Window(min(starts).date() - timedelta(days=1), (exported + HORIZON).date())


def _keep_newest(
    newest: dict[tuple[str, str | None], tuple[int, Component]],
    key: tuple[str, str | None],
    line: int,
    event: Component,
) -> int:
    """Keep the newer copy at the first copy's place in the file; 1 when it was a copy."""
    known = newest.get(key)
    if known is None:
        newest[key] = (line, event)
        return 0
    if _version(event) >= _version(known[1]):
        newest[key] = (known[0], event)
    return 1


def _rid(event: Component, file: CalendarFile) -> str | None:
    rid = readable(event, "RECURRENCE-ID")
    return instant_key(rid, file.floating) if rid is not None else None


def _version(event: Component) -> tuple[int, datetime, datetime]:
    """SEQUENCE, then LAST-MODIFIED, then DTSTAMP: what a calendar bumps on every change."""
    try:
        sequence = int(str(event.get("SEQUENCE", 0)))
    except ValueError:
        sequence = 0
    stamps = (readable(event, n) for n in ("LAST-MODIFIED", "DTSTAMP"))
    modified, stamped = (utc_instant(s) if s is not None else OLDEST for s in stamps)
    return sequence, modified, stamped


def _series(
    newest: dict[tuple[str, str | None], tuple[int, Component]], rejected: dict[str, Rejected]
) -> list[Series]:
    by_uid: dict[str, Series] = {}
    for (uid, _), (line, event) in sorted(newest.items(), key=lambda item: item[1][0]):
        if uid not in rejected:
            by_uid.setdefault(uid, Series(uid, line)).components.append(event)
    return list(by_uid.values())


def _occurring(
    series: list[Series], rejected: dict[str, Rejected], label: str, budget: RuleBudget
) -> list[Series]:
    """The series whose rules occur; one that never does is rejected with its line. Once the
    calendar's rule checks are spent, later series with an RRULE are left out, counted."""
    kept: list[Series] = []
    for one in series:
        master = one.master
        if master is None or "RRULE" not in master:
            kept.append(one)
        elif budget.spent:
            budget.later += 1
        else:
            check = check_rules(master)
            budget.charge(check.days, series_name(one.uid, one.line))
            if check.why is None:
                kept.append(one)
            else:
                rejected[one.uid] = Rejected(label, one.line, check.why)
    return kept


def _short(uid: str) -> str:
    if len(uid) <= LONGEST_UID:
        return uid
    return "sha256:" + hashlib.sha256(uid.encode("utf-8")).hexdigest()
