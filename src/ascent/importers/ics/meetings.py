"""Occurrences with external people become meetings and bookings (FORMATS §6).

Each occurrence yields one ``meeting`` activity per external attendee. Each series yields one
``meeting_booked`` outcome, on its first occurrence with an external attendee: a weekly call
is one booking, not 52. It happened at ``CREATED`` when the file has it and it is not after
the meeting, else at the meeting's start. Cancelled, declined, internal and solo events are
skipped and counted in Notes. Expansion is capped per series and per file (``caps``), and
a Note says what a cap cut.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from icalendar import Component

from ascent.domain.records import (
    ActivityRecord,
    ContactRef,
    Note,
    OutcomeRecord,
    Record,
    Rejected,
    is_question,
)
from ascent.importers.ics.attendees import Participant, attendees, organizer
from ascent.importers.ics.caps import (
    FILE_MEETINGS,
    FILE_OCCURRENCES,
    Budget,
    Cut,
    series_name,
    series_note,
)
from ascent.importers.ics.expansion import Expansion, expand
from ascent.importers.ics.links import conference_link
from ascent.importers.ics.owner import CalendarOwner
from ascent.importers.ics.reading import CalendarFile, collected_warnings
from ascent.importers.ics.series import Series, Window, group_series, window_of
from ascent.importers.ics.times import (
    Form,
    instant_key,
    raw_text,
    readable,
    start_of,
    utc_instant,
)

CANCELLED, DECLINED, ABSENT, INTERNAL = "cancelled", "declined", "absent", "internal"
#: why -> (one, many): the Note for a count of skipped events
NOTES = {
    CANCELLED: ("cancelled event or occurrence", "cancelled events or occurrences"),
    DECLINED: ("meeting the owner declined", "meetings the owner declined"),
    ABSENT: ("event the owner is not invited to", "events the owner is not invited to"),
    INTERNAL: ("internal or solo event", "internal or solo events"),
}


@dataclass
class Occurrence:
    """One expanded occurrence with what its keys and times are made from."""

    event: Component
    start: datetime
    raw_time: str
    key: str


@dataclass
class Tally:
    """Skips to report: cancelled and declined per occurrence, the rest per series."""

    skipped: Counter[str] = field(default_factory=Counter)
    booked: set[str] = field(default_factory=set)

    def notes(self, label: str) -> list[Note]:
        return [
            Note(label, f"{n} {one if n == 1 else many} skipped")
            for why, (one, many) in NOTES.items()
            if (n := self.skipped[why])
        ]


@dataclass
class Reading:
    """One calendar being read: whose it is, its window, and what was skipped or cut so far."""

    file: CalendarFile
    owner: CalendarOwner | None
    window: Window
    tally: Tally = field(default_factory=Tally)
    budget: Budget = field(default_factory=Budget)


def meeting_records(file: CalendarFile, owner: CalendarOwner | None) -> Iterator[Record]:
    """Every record of one calendar, series by series; library warnings become Notes."""
    with collected_warnings(file.label, file.notes):
        grouped = group_series(file)
        reading = Reading(file, owner, window_of(grouped.series))
    yield from grouped.rejected
    for series in grouped.series:
        if reading.budget.stopped is not None:
            reading.budget.later += 1
            continue
        with collected_warnings(file.label, file.notes):
            records = _series_records(reading, series)
        yield from records
    if grouped.copies:
        yield Note(file.label, _copies(grouped.copies))
    yield from [*file.notes, *reading.tally.notes(file.label), *reading.budget.notes(file.label)]


def _series_records(reading: Reading, series: Series) -> list[Record]:
    file, budget = reading.file, reading.budget
    master = series.master
    if master is not None and _status(master) == CANCELLED:
        reading.tally.skipped[CANCELLED] += 1
        return []
    try:
        expansion = expand(series, reading.window, file.floating, budget.series_cap)
        budget.occurrences -= expansion.count
        records = _occurrence_records(reading, series, expansion)
    except Exception as exc:  # whatever the libraries raise on a value screening let through
        reason = str(exc) or type(exc).__name__
        return [Rejected(file.label, series.line, f"cannot expand the series ({reason[:60]})")]
    if expansion.cut.count and budget.stopped is None:
        name, end = series_name(series.uid, series.line), str(reading.window.end)
        if budget.occurrences > 0:
            records.append(series_note(file.label, name, expansion.count, expansion.cut, end))
        else:
            budget.stop(f"{FILE_OCCURRENCES:,} occurrences", name, expansion.cut)
    return records


def _occurrence_records(reading: Reading, series: Series, expansion: Expansion) -> list[Record]:
    tally, budget = reading.tally, reading.budget
    records: list[Record] = []
    reasons: set[str] = set()
    seen: dict[tuple[int, int, str], tuple[list[ContactRef], str | None]] = {}
    for done, event in enumerate(expansion.events):
        # occurrences are shallow copies sharing their component's ATTENDEE and ORGANIZER
        # values, alive for the whole series: read each set of people once, not per occurrence
        key = (id(event.get("ATTENDEE")), id(event.get("ORGANIZER")), _status(event))
        if key not in seen:
            seen[key] = counterparts(event, reading.owner)
        people, why = seen[key]
        if why is not None:
            reasons.add(why)
            tally.skipped[why] += why in (CANCELLED, DECLINED)
            continue
        if len(people) > budget.meetings:
            name = series_name(series.uid, series.line)
            budget.stop(f"{FILE_MEETINGS:,} meetings", name, Cut(expansion.count - done))
            break
        budget.meetings -= len(people)
        occurrence = _occurrence(reading.file, series, event)
        records += _meetings(occurrence, people)
        if series.booking_uid not in tally.booked:
            tally.booked.add(series.booking_uid)
            records.append(_booking(series, occurrence, people[0]))
    if not records:
        _count_series_skip(reasons, tally)
    return records


def counterparts(
    event: Component, owner: CalendarOwner | None
) -> tuple[list[ContactRef], str | None]:
    """The external people of one occurrence, or why it is skipped.

    The owner's own line, rooms and resources, and attendees who declined are never
    counterparts; an external ORGANIZER is one (Outlook does not list them as attendees).
    """
    if _status(event) == CANCELLED:
        return [], CANCELLED
    if owner is None:
        return [], INTERNAL
    guests, boss = attendees(event), organizer(event)
    mine = [p for p in guests if owner.is_owner(p.email)]
    if any(p.declined for p in mine):
        return [], DECLINED
    people = _externals([*guests, *([boss] if boss else [])], owner)
    if not people:
        return [], INTERNAL
    if not mine and not (boss is not None and owner.is_owner(boss.email)):
        return [], ABSENT
    return people, None


def _externals(participants: list[Participant], owner: CalendarOwner) -> list[ContactRef]:
    declined = {p.email for p in participants if p.declined}
    found: dict[str, ContactRef] = {}
    for p in participants:
        if p.is_person and p.email not in declined and owner.is_external(p.email):
            known = found.get(p.email)
            if known is None or (known.name is None and p.name):
                found[p.email] = ContactRef(email=p.email, name=p.name)
    return list(found.values())


def _occurrence(file: CalendarFile, series: Series, event: Component) -> Occurrence:
    """Keys use the RECURRENCE-ID (the slot in the series), so a moved occurrence keeps its
    key; a single event's key is its UID alone, so rescheduling it adds nothing either."""
    start = start_of(event)
    rid = instant_key(readable(event, "RECURRENCE-ID") or start, file.floating)
    form = file.forms.get((series.uid, rid)) or file.forms.get((series.uid, None))
    key = f"ics:{series.key_uid}|{rid}" if series.recurring else f"ics:{series.key_uid}"
    raw = raw_text(start, form or Form("floating"))
    return Occurrence(event, utc_instant(start, file.floating), raw, key)


def _meetings(occurrence: Occurrence, people: list[ContactRef]) -> list[Record]:
    summary, link = _summary(occurrence.event), conference_link(occurrence.event)
    return [
        ActivityRecord(
            source_key=f"{occurrence.key}|{person.email}",
            occurred_at=occurrence.start,
            raw_time=occurrence.raw_time,
            channel="meeting",
            kind="meeting",
            contact=person,
            link=link,
            body=summary,
            is_question=is_question(summary),
        )
        for person in people
    ]


def _booking(series: Series, occurrence: Occurrence, contact: ContactRef) -> OutcomeRecord:
    """Booked at CREATED (of the series) when it is not after the meeting, else at its start."""
    source = series.master or occurrence.event
    created = readable(source, "CREATED")
    at, raw = occurrence.start, occurrence.raw_time
    if created is not None and utc_instant(created) <= occurrence.start:
        at = utc_instant(created)
        raw = at.strftime("%Y%m%dT%H%M%SZ")  # RFC 5545: CREATED is always UTC
    return OutcomeRecord(
        source_key=f"ics:{series.booking_uid}|meeting_booked",
        occurred_at=at,
        raw_time=raw,
        kind="meeting_booked",
        contact=contact,
        note=_summary(occurrence.event),
    )


def _count_series_skip(reasons: set[str], tally: Tally) -> None:
    """A series with no meeting is counted once, under its strongest reason."""
    for why in (ABSENT, INTERNAL):
        if why in reasons:
            tally.skipped[why] += 1
            return


def _status(event: Component) -> str:
    return str(event.get("STATUS", "")).strip().lower()


def _summary(event: Component) -> str | None:
    text = str(event.get("SUMMARY", "")).strip()
    return text or None


def _copies(n: int) -> str:
    """Google repeats a VEVENT with a higher SEQUENCE; only the newest copy counts."""
    return f"{n} older {'copy' if n == 1 else 'copies'} of repeated events ignored"
