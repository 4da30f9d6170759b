"""Calendars in iCalendar (RFC 5545) form: Google, Outlook, Apple exports (FORMATS §6).

``ICS`` is the importer object (the ``ascent.importers`` entry point). It reads one ``.ics``
file, or several in a ZIP or folder (a Google Takeout ``Calendar/`` folder), and streams the
owner first, then each calendar's meetings, bookings, rejected events and notes:

- ``reading``: bytes → a standardised calendar (``X-WR-TIMEZONE``), or one ``InputError``;
- ``owner``: whose calendar it is, and who is external to them;
- ``series``: VEVENTs grouped by UID, de-duplicated, expanded into occurrences;
- ``meetings``: occurrences with external attendees → ``meeting`` activities and one
  ``meeting_booked`` outcome per series.
"""

from __future__ import annotations

from collections.abc import Iterator

from ascent.domain.records import Note, Record
from ascent.errors import InputError
from ascent.importers.ics.meetings import meeting_records
from ascent.importers.ics.owner import find_owner
from ascent.importers.ics.reading import calendar_members, has_events, read_calendar
from ascent.importers.source import Source


class IcsImporter:
    """The ``Importer`` for iCalendar files; a pure parser, it never writes."""

    name = "ics"
    channel = "meeting"

    def detect(self, source: Source) -> bool:
        return bool(calendar_members(source))

    def parse(self, source: Source) -> Iterator[Record]:
        files = [read_calendar(source, name) for name in calendar_members(source)]
        usable = [f for f in files if has_events(f)]
        if not usable:
            label = files[0].label if files else str(source.path)
            raise InputError(label, "no VEVENT in this calendar")
        owner = find_owner(usable)
        if owner is not None:
            yield owner.record
        for file in files:
            if file in usable:
                yield from meeting_records(file, owner)
            else:
                yield Note(file.label, "no VEVENT in this calendar: nothing to import")


ICS = IcsImporter()

__all__ = ["ICS", "IcsImporter"]
