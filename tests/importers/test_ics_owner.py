"""Whose calendar it is when Google's placeholders and address-as-CN lines are in it.

The fixture ``google-gmail/Ada Example.ics`` is shaped like a Google export of a Gmail user
who renamed the primary calendar (so ``X-WR-CALNAME`` is no e-mail): events Gmail added from
confirmation mails and a Goal are organised by ``unknownorganizer@calendar.google.com``, the
owner's own attendee line carries another address as ``CN``, and a scheduling tool wrote a
no-reply organizer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ascent.domain.records import ActivityRecord, Note, OutcomeRecord, OwnerRecord, Record
from ascent.importers.ics import ICS
from ascent.importers.ics.attendees import is_placeholder
from ascent.importers.source import Source

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "ics" / "google-gmail"


def parse(path: Path) -> list[Record]:
    with Source.open(path) as source:
        return list(ICS.parse(source))


def calendar(*lines: str, head: str = "X-WR-CALNAME:ada@northwind.example") -> bytes:
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Ascent tests//EN", head]
    body += ["BEGIN:VEVENT", "UID:u1", "DTSTART:20240305T090000Z", "DTSTAMP:20240601T000000Z"]
    body += [*lines, "END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(body) + "\r\n").encode("utf-8")


def test_owner_is_the_mailto_address_without_the_cn_address_as_name() -> None:
    owner = parse(FIXTURE)[0]
    assert owner == OwnerRecord(name=None, email="ada.example@gmail.com")


def test_placeholders_rooms_and_no_reply_organizers_are_no_contacts() -> None:
    records = parse(FIXTURE)
    meetings = {
        (r.contact.email, r.contact.name)
        for r in records
        if isinstance(r, ActivityRecord) and r.contact
    }
    assert meetings == {
        ("jane.doe@acme.example", "Jane Doe"),
        ("bo.berger@gmail.com", None),
        ("kim.lee@umbrella.example", None),
        ("raj@acme.example", "Raj Patel"),
    }
    bookings = [r.contact.email for r in records if isinstance(r, OutcomeRecord) and r.contact]
    assert bookings == ["jane.doe@acme.example", "raj@acme.example"]
    notes = [r.message for r in records if isinstance(r, Note)]
    assert notes == ["4 internal or solo events skipped"]


def test_unknown_organizer_of_a_solo_event_is_no_counterpart(tmp_path: Path) -> None:
    path = tmp_path / "ada.ics"
    path.write_bytes(
        calendar(
            "ORGANIZER;CN=Unknown Organizer:mailto:unknownorganizer@calendar.google.com",
            "ATTENDEE;PARTSTAT=ACCEPTED:mailto:ada@northwind.example",
        )
    )
    assert parse(path)[1:] == [Note(str(path), "1 internal or solo event skipped")]


def test_a_placeholder_calendar_name_does_not_become_the_owner(tmp_path: Path) -> None:
    path = tmp_path / "team.ics"
    path.write_bytes(
        calendar(
            "ORGANIZER;CN=Ada Example:mailto:ada@northwind.example",
            "ATTENDEE:mailto:jane@acme.example",
            head="X-WR-CALNAME:c_9f2k1team@group.calendar.google.com",
        )
    )
    assert parse(path)[0] == OwnerRecord(name="Ada Example", email="ada@northwind.example")


@pytest.mark.parametrize(
    ("email", "placeholder"),
    [
        ("unknownorganizer@calendar.google.com", True),
        ("c_188ab3k9room3@resource.calendar.google.com", True),
        ("en.german#holiday@group.v.calendar.google.com", True),
        ("54g7n4diedrddf8c@import.calendar.google.com", True),
        ("noreply@booking.com", True),
        ("no-reply@zoom.us", True),
        ("nobody@example.invalid", True),
        ("jane@calendar.google.com.acme.example", False),
        ("noreply.jane@acme.example", False),
        ("ada@gmail.com", False),
    ],
)
def test_placeholder_addresses(email: str, placeholder: bool) -> None:
    assert is_placeholder(email) is placeholder
