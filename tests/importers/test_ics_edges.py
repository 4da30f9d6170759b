"""Small calendar edge cases, inline: zones, owners, malformed files, detection, re-exports."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ascent.domain.records import ActivityRecord, Note, OutcomeRecord, OwnerRecord, Record, Rejected
from ascent.errors import InputError
from ascent.importers.ics import ICS
from ascent.importers.source import Source

OWNER = "X-WR-CALNAME:ada@northwind.example"
MEETING = (
    "ORGANIZER;CN=Ada Example:mailto:ada@northwind.example",
    "ATTENDEE;CN=Jane Doe:mailto:jane@acme.example",
)


def event(uid: str, start: str, *lines: str, stamp: str = "20240601T000000Z") -> list[str]:
    """A VEVENT: ``start`` is the whole DTSTART value part (``;TZID=…:2024…`` or ``:2024…``)."""
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTART{start}",
        f"DTSTAMP:{stamp}",
        *lines,
        "END:VEVENT",
    ]


def calendar(*events: list[str], head: tuple[str, ...] = (OWNER,)) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Ascent tests//EN", *head]
    lines += [line for e in events for line in e] + ["END:VCALENDAR"]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def parse_bytes(tmp_path: Path, data: bytes, name: str = "calendar.ics") -> list[Record]:
    path = tmp_path / name
    path.write_bytes(data)
    return parse(path)


def parse(path: Path) -> list[Record]:
    with Source.open(path) as source:
        return list(ICS.parse(source))


def meetings(records: list[Record]) -> list[ActivityRecord]:
    return [r for r in records if isinstance(r, ActivityRecord)]


def notes(records: list[Record]) -> list[str]:
    return [r.message for r in records if isinstance(r, Note)]


def starts(records: list[Record]) -> list[datetime]:
    return [r.occurred_at for r in meetings(records)]


# time zones


def test_windows_zone_without_vtimezone_maps_to_its_iana_zone(tmp_path: Path) -> None:
    data = calendar(
        event("w1", ';TZID="Romance Standard Time":20240305T100000', *MEETING),
        event("w2", ';TZID="Romance Standard Time":20240705T100000', *MEETING),
    )
    assert starts(parse_bytes(tmp_path, data)) == [
        datetime(2024, 3, 5, 9, 0, tzinfo=UTC),
        datetime(2024, 7, 5, 8, 0, tzinfo=UTC),
    ]


def test_floating_time_without_x_wr_timezone_is_utc(tmp_path: Path) -> None:
    data = calendar(event("f1", ":20240305T100000", *MEETING))
    assert starts(parse_bytes(tmp_path, data)) == [datetime(2024, 3, 5, 10, 0, tzinfo=UTC)]


def test_x_wr_timezone_that_is_no_zone_is_a_note_and_floating_stays_utc(tmp_path: Path) -> None:
    data = calendar(event("f1", ":20240305T100000", *MEETING), head=(OWNER, "X-WR-TIMEZONE:Berlin"))
    records = parse_bytes(tmp_path, data)
    assert starts(records) == [datetime(2024, 3, 5, 10, 0, tzinfo=UTC)]
    assert "X-WR-TIMEZONE 'Berlin' is not a time zone: floating times read as UTC" in notes(records)


def test_utc_times_in_a_google_file_keep_their_instant(tmp_path: Path) -> None:
    data = calendar(
        event("u1", ":20240305T090000Z", *MEETING), head=(OWNER, "X-WR-TIMEZONE:America/New_York")
    )
    assert starts(parse_bytes(tmp_path, data)) == [datetime(2024, 3, 5, 9, 0, tzinfo=UTC)]


def test_unknown_tzid_is_a_note(tmp_path: Path) -> None:
    data = calendar(event("z1", ";TZID=Nowhere/Atlantis:20240305T100000", *MEETING))
    records = parse_bytes(tmp_path, data)
    assert starts(records) == [datetime(2024, 3, 5, 10, 0, tzinfo=UTC)]
    assert "time zone 'Nowhere/Atlantis' is unknown: 1 event read in UTC" in notes(records)


def test_duration_instead_of_dtend(tmp_path: Path) -> None:
    data = calendar(event("d1", ":20240305T090000Z", "DURATION:PT45M", *MEETING))
    assert starts(parse_bytes(tmp_path, data)) == [datetime(2024, 3, 5, 9, 0, tzinfo=UTC)]


def test_library_warning_becomes_a_note_not_an_error(tmp_path: Path) -> None:
    tzid = "/ascent-tests.example/edges/Europe/Berlin"  # globally unique TZID: icalendar warns
    records = parse_bytes(
        tmp_path, calendar(event("g1", f";TZID={tzid}:20240305T100000", *MEETING))
    )
    assert any(n.startswith("calendar warning: Timezone") for n in notes(records))


# owner and counterparts


def test_on_webmail_only_the_owners_own_address_is_internal(tmp_path: Path) -> None:
    data = calendar(
        event(
            "m1",
            ":20240305T090000Z",
            "ORGANIZER:mailto:ada.example@gmail.com",
            "ATTENDEE:mailto:ada.example@gmail.com",
            "ATTENDEE:mailto:bo@gmail.com",
        ),
        head=("X-WR-CALNAME:ada.example@gmail.com",),
    )
    assert [m.contact.email for m in meetings(parse_bytes(tmp_path, data)) if m.contact] == [
        "bo@gmail.com"
    ]


def test_owner_falls_back_to_the_most_frequent_attendee(tmp_path: Path) -> None:
    guests = ("ATTENDEE:mailto:max@fabrikam.example", "ATTENDEE:mailto:jane@acme.example")
    data = calendar(
        event("a1", ":20240305T090000Z", *guests),
        event("a2", ":20240306T090000Z", guests[0], "ATTENDEE:mailto:raj@acme.example"),
        head=(),
    )
    owner = parse_bytes(tmp_path, data)[0]
    assert isinstance(owner, OwnerRecord)
    assert owner.email == "max@fabrikam.example"


def test_calendar_without_any_address_has_no_owner_and_no_meetings(tmp_path: Path) -> None:
    records = parse_bytes(tmp_path, calendar(event("s1", ":20240305T090000Z"), head=()))
    assert records == [Note(str(tmp_path / "calendar.ics"), "1 internal or solo event skipped")]


def test_attendee_listed_twice_and_as_organizer_is_one_meeting(tmp_path: Path) -> None:
    data = calendar(
        event(
            "r1",
            ":20240305T090000Z",
            "ORGANIZER;CN=Jane Doe:mailto:jane@acme.example",
            "ATTENDEE:mailto:jane@acme.example",
            "ATTENDEE:mailto:JANE@acme.example",
            "ATTENDEE:mailto:ada@northwind.example",
        )
    )
    found = meetings(parse_bytes(tmp_path, data))
    assert [(m.contact.email, m.contact.name) for m in found if m.contact] == [
        ("jane@acme.example", "Jane Doe")
    ]


def test_google_system_calendars_without_cutype_are_not_people(tmp_path: Path) -> None:
    data = calendar(
        event(
            "g2",
            ":20240305T090000Z",
            *MEETING,
            "ATTENDEE:mailto:team_abc@group.calendar.google.com",
        )
    )
    assert [m.contact.email for m in meetings(parse_bytes(tmp_path, data)) if m.contact] == [
        "jane@acme.example"
    ]


def test_colleagues_calendar_in_the_same_takeout_does_not_become_the_owner(tmp_path: Path) -> None:
    folder = tmp_path / "Takeout" / "Calendar"
    folder.mkdir(parents=True)
    (folder / "ada@northwind.example.ics").write_bytes(
        calendar(
            event("a1", ":20240305T090000Z", *MEETING), event("a2", ":20240306T090000Z", *MEETING)
        )
    )
    (folder / "bob@northwind.example.ics").write_bytes(
        calendar(
            event(
                "b1",
                ":20240307T090000Z",
                "ORGANIZER:mailto:bob@northwind.example",
                "ATTENDEE:mailto:kim@umbrella.example",
            ),
            head=("X-WR-CALNAME:bob@northwind.example",),
        )
    )
    records = parse(tmp_path)
    assert isinstance(records[0], OwnerRecord)
    assert records[0].email == "ada@northwind.example"
    assert "1 event the owner is not invited to skipped" in notes(records)


# bookings


def test_unreadable_created_is_ignored_and_the_booking_takes_the_start(tmp_path: Path) -> None:
    data = calendar(event("c1", ":20240305T090000Z", "CREATED:00001231T000000Z", *MEETING))
    records = parse_bytes(tmp_path, data)
    booking = next(r for r in records if isinstance(r, OutcomeRecord))
    assert (booking.occurred_at, sum(isinstance(r, Rejected) for r in records)) == (
        datetime(2024, 3, 5, 9, 0, tzinfo=UTC),
        0,
    )


def test_both_halves_of_a_split_google_series_are_one_booking(tmp_path: Path) -> None:
    data = calendar(
        event(
            "s9@google.com",
            ":20240305T090000Z",
            "RRULE:FREQ=WEEKLY;UNTIL=20240312T090000Z",
            *MEETING,
        ),
        event(
            "s9_R20240319T090000@google.com",
            ":20240319T090000Z",
            "RRULE:FREQ=WEEKLY;COUNT=2",
            *MEETING,
        ),
    )
    records = parse_bytes(tmp_path, data)
    assert [r.source_key for r in records if isinstance(r, OutcomeRecord)] == [
        "ics:s9@google.com|meeting_booked"
    ]
    assert len(meetings(records)) == 4


def test_cancelled_series_is_one_skipped_event(tmp_path: Path) -> None:
    data = calendar(
        event("x1", ":20240305T090000Z", "RRULE:FREQ=DAILY;COUNT=30", "STATUS:CANCELLED", *MEETING)
    )
    assert notes(parse_bytes(tmp_path, data)) == ["1 cancelled event or occurrence skipped"]


# re-exports


def test_later_export_adds_only_the_occurrences_of_its_own_window(tmp_path: Path) -> None:
    def keys(stamp: str) -> set[str]:
        data = calendar(
            event("e1", ":20240101T090000Z", "RRULE:FREQ=MONTHLY", *MEETING, stamp=stamp)
        )
        return {m.source_key for m in meetings(parse_bytes(tmp_path, data, f"{stamp}.ics"))}

    first, later = keys("20240115T000000Z"), keys("20240415T000000Z")
    assert first < later
    assert sorted(k.split("|")[1] for k in later - first) == [
        "2025-02-01T09:00:00Z",
        "2025-03-01T09:00:00Z",
        "2025-04-01T09:00:00Z",
    ]


def test_rescheduled_single_meeting_keeps_its_key(tmp_path: Path) -> None:
    def key(start: str) -> str:
        data = calendar(event("one-off", f":{start}", *MEETING))
        return meetings(parse_bytes(tmp_path, data))[0].source_key

    assert key("20240305T090000Z") == key("20240307T150000Z") == "ics:one-off|jane@acme.example"


def test_very_long_uid_is_hashed_in_keys(tmp_path: Path) -> None:
    uid = "x" * 1000
    key = meetings(parse_bytes(tmp_path, calendar(event(uid, ":20240305T090000Z", *MEETING))))[0]
    assert key.source_key.startswith("ics:sha256:")
    assert len(key.source_key) < 120


# reading


def test_utf8_bom_and_cp1252_are_read(tmp_path: Path) -> None:
    data = calendar(
        event(
            "b1", ":20240305T090000Z", MEETING[0], "ATTENDEE;CN=Zoë Müller:mailto:zoe@acme.example"
        )
    )
    for raw in (b"\xef\xbb\xbf" + data, data.decode("utf-8").encode("cp1252")):
        found = meetings(parse_bytes(tmp_path, raw))
        assert [m.contact.name for m in found if m.contact] == ["Zoë Müller"]


def test_lines_folded_with_a_tab_are_unfolded(tmp_path: Path) -> None:
    data = calendar(event("t1", ":20240305T090000Z", *MEETING)).replace(
        b"CN=Jane Doe", b"CN=Jane\r\n\t Doe"
    )
    assert [m.contact.name for m in meetings(parse_bytes(tmp_path, data)) if m.contact] == [
        "Jane Doe"
    ]


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        (event("bad", ":2024-03-05 09:00", *MEETING), "VEVENT without a readable DTSTART"),
        (event("", ":20240305T090000Z", *MEETING), "VEVENT without UID"),
        (
            event("bad", ":20240305T090000Z", "RRULE:FREQ=SOMETIMES", *MEETING),
            "unreadable RRULE (Expected frequency, got: SOMETIMES)",
        ),
    ],
    ids=["dtstart", "uid", "rrule"],
)
def test_unusable_event_is_rejected_with_its_line_and_the_rest_imports(
    tmp_path: Path, broken: list[str], reason: str
) -> None:
    records = parse_bytes(tmp_path, calendar(broken, event("good", ":20240306T090000Z", *MEETING)))
    rejected = [(r.line, r.reason) for r in records if isinstance(r, Rejected)]
    assert (rejected, len(meetings(records))) == ([(5, reason)], 1)


def test_lf_line_ends_read_like_crlf(tmp_path: Path) -> None:
    data = calendar(event("lf", ":20240305T090000Z", *MEETING)).replace(b"\r\n", b"\n")
    assert starts(parse_bytes(tmp_path, data)) == [datetime(2024, 3, 5, 9, 0, tzinfo=UTC)]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"this is not a calendar\r\n", "not an iCalendar file (Content line could not be parsed"),
        (b"", "not an iCalendar file (Found no components"),
        (
            b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane\r\nEND:VCARD\r\n",
            "not an iCalendar file (a VCARD",
        ),
        (calendar(["BEGIN:VTODO", "UID:t", "END:VTODO"]), "no VEVENT in this calendar"),
    ],
    ids=["garbage", "empty", "vcard", "no-vevent"],
)
def test_unreadable_calendar_is_one_line_error_naming_the_file(
    tmp_path: Path, data: bytes, reason: str
) -> None:
    with pytest.raises(InputError) as caught:
        parse_bytes(tmp_path, data, "Kalender.ics")
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith(f"{tmp_path / 'Kalender.ics'}: {reason}")


def test_empty_calendar_beside_a_full_one_is_a_note(tmp_path: Path) -> None:
    (tmp_path / "Birthdays.ics").write_bytes(calendar(head=("X-WR-CALNAME:Birthdays",)))
    (tmp_path / "ada.ics").write_bytes(calendar(event("a1", ":20240305T090000Z", *MEETING)))
    records = parse(tmp_path)
    assert "no VEVENT in this calendar: nothing to import" in notes(records)
    assert len(meetings(records)) == 1


# detection


def test_detects_an_ics_file_and_a_calendar_without_the_suffix(tmp_path: Path) -> None:
    (tmp_path / "a.ics").write_bytes(b"anything")
    (tmp_path / "export").write_bytes(b"\xef\xbb\xbf" + calendar())
    (tmp_path / "photo.jpg").write_bytes(calendar())
    assert ICS.detect(Source.open(tmp_path / "a.ics"))
    assert ICS.detect(Source.open(tmp_path / "export"))
    assert not ICS.detect(Source.open(tmp_path / "photo.jpg"))


def test_does_not_detect_other_exports_or_mac_resource_forks(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("__MACOSX/._calendar.ics", b"\x00\x05\x16\x07")
        zf.writestr("Connections.csv", "First Name,Last Name\r\n")
        zf.writestr("data/tweets.js", "window.YTD.tweets.part0 = []")
        zf.writestr("outbox.json", '{"orderedItems": []}')
    with Source.open(archive) as source:
        assert not ICS.detect(source)
