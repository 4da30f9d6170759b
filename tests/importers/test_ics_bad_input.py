"""Odd values and unbounded series: a Rejected event or a Note saying what a cap cut, never a
traceback and never unbounded work (docs/formats/ics.md "What is skipped and why").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ascent.domain.records import ActivityRecord, Note, OutcomeRecord, Record, Rejected
from ascent.errors import InputError
from ascent.importers.ics import ICS, reading
from ascent.importers.ics.caps import FILE_MEETINGS, FILE_RULE_DAYS, SERIES_OCCURRENCES
from ascent.importers.limits import MIB, Limits
from ascent.importers.source import Source

MEETING = (
    "ORGANIZER;CN=Ada Example:mailto:ada@northwind.example",
    "ATTENDEE;CN=Jane Doe:mailto:jane@acme.example",
)


def event(uid: str, start: str, *lines: str, stamp: str = "DTSTAMP:20240601T000000Z") -> list[str]:
    return ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTART{start}", stamp, *lines, "END:VEVENT"]


def parse_events(tmp_path: Path, *events: list[str], head: tuple[str, ...] = ()) -> list[Record]:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Ascent tests//EN"]
    lines += ["X-WR-CALNAME:ada@northwind.example", *head]
    lines += [line for e in events for line in e] + ["END:VCALENDAR"]
    path = tmp_path / "calendar.ics"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    with Source.open(path) as source:
        return list(ICS.parse(source))


def rejected(records: list[Record]) -> list[tuple[int, str]]:
    return [(r.line, r.reason) for r in records if isinstance(r, Rejected)]


def notes(records: list[Record]) -> list[str]:
    return [r.message for r in records if isinstance(r, Note)]


def meetings(records: list[Record]) -> list[ActivityRecord]:
    return [r for r in records if isinstance(r, ActivityRecord)]


GOOD = event("good", ":20240306T090000Z", *MEETING)


@pytest.mark.parametrize(
    ("odd", "reason"),
    [
        (
            event("t", ":20240305T090000Z", "RDATE;VALUE=TIME:100000", *MEETING),
            "RDATE 10:00:00 is not a date or a date-time",
        ),
        (
            event("y1", ":00010101T000000Z", *MEETING),
            "DTSTART 0001-01-01T00:00:00+00:00 is outside the years 1900–2199",
        ),
        (
            event("y1d", ";VALUE=DATE:00010101", *MEETING),
            "DTSTART 0001-01-01 is outside the years 1900–2199",
        ),
        (
            event("s9", ":20240305T090000Z", *MEETING, stamp="DTSTAMP:99991231T235959Z"),
            "DTSTAMP 9999-12-31T23:59:59+00:00 is outside the years 1900–2199",
        ),
        (
            event("m9", ":20240305T090000Z", "LAST-MODIFIED:99991231T235959Z", *MEETING),
            "LAST-MODIFIED 9999-12-31T23:59:59+00:00 is outside the years 1900–2199",
        ),
        (
            event("e1", ":20240305T090000Z", "DTEND:00010101T000000Z", *MEETING),
            "DTEND 0001-01-01T00:00:00+00:00 is outside the years 1900–2199",
        ),
        (
            event("d9", ":20240305T090000Z", "DURATION:P9999999W", *MEETING),
            "DURATION 69999993 days, 0:00:00 is out of range",
        ),
        (
            event("i0", ":20240305T090000Z", "RRULE:FREQ=DAILY;INTERVAL=0", *MEETING),
            "RRULE INTERVAL=0 is not a positive number",
        ),
        (
            event("f30", ":20240305T090000Z", "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", *MEETING),
            "RRULE never occurs (no month has its BYMONTHDAY)",
        ),
    ],
    ids=[
        "rdate-time",
        "dtstart-year-1",
        "all-day-year-1",
        "dtstamp-9999",
        "last-modified-9999",
        "dtend-year-1",
        "endless-duration",
        "interval-0",
        "february-30",
    ],
)
def test_odd_value_rejects_its_event_with_line_and_reason(
    tmp_path: Path, odd: list[str], reason: str
) -> None:
    records = parse_events(tmp_path, odd, GOOD)
    assert rejected(records) == [(5, reason)]
    assert [m.source_key for m in meetings(records)] == ["ics:good|jane@acme.example"]


@pytest.mark.parametrize(
    ("start", "lines", "reason"),
    [
        (
            ";TZID=Europe/Berlin:00010101T000000",
            (),
            "DTSTART 0001-01-01T00:00:00+00:53:28 is outside the years 1900–2199",
        ),
        (
            ";TZID=America/New_York:99991231T230000",
            (),
            "DTSTART 9999-12-31T23:00:00-05:00 is outside the years 1900–2199",
        ),
        (
            ":20240305T090000Z",
            ("RECURRENCE-ID;TZID=Europe/Berlin:00010101T000000",),
            "RECURRENCE-ID 0001-01-01T00:00:00+00:53:28 is outside the years 1900–2199",
        ),
        (
            ":20240305T090000Z",
            ("RRULE:FREQ=DAILY;COUNT=2", "EXDATE;TZID=America/New_York:00010101T000000"),
            "EXDATE 0001-01-01T00:00:00-04:56:02 is outside the years 1900–2199",
        ),
    ],
    ids=["year-1-berlin", "year-9999-new-york", "recurrence-id-year-1", "exdate-year-1"],
)
def test_extreme_date_with_an_offset_is_rejected_not_an_overflow(
    tmp_path: Path, start: str, lines: tuple[str, ...], reason: str
) -> None:
    records = parse_events(tmp_path, event("x", start, *lines, *MEETING), GOOD)
    assert rejected(records) == [(5, reason)]
    assert len(meetings(records)) == 1


def test_far_future_utc_start_beside_x_wr_timezone_is_rejected_before_the_rewrite(
    tmp_path: Path,
) -> None:
    """x-wr-timezone moves UTC times into the calendar's zone: 9999-12-31T23:00Z overflows."""
    records = parse_events(
        tmp_path,
        event("x", ":99991231T230000Z", *MEETING),
        GOOD,
        head=("X-WR-TIMEZONE:Pacific/Kiritimati",),
    )
    assert rejected(records) == [
        (6, "DTSTART 9999-12-31T23:00:00+00:00 is outside the years 1900–2199")
    ]
    assert len(meetings(records)) == 1


def test_created_out_of_range_is_ignored_and_the_booking_takes_the_start(tmp_path: Path) -> None:
    records = parse_events(
        tmp_path, event("c", ":20240305T090000Z", "CREATED:00010101T000000Z", *MEETING)
    )
    bookings = [r.raw_time for r in records if isinstance(r, OutcomeRecord)]
    assert (bookings, rejected(records)) == (["20240305T090000Z"], [])


def test_odd_override_rejects_its_whole_series(tmp_path: Path) -> None:
    records = parse_events(
        tmp_path,
        event("w", ":20240305T090000Z", "RRULE:FREQ=WEEKLY;COUNT=3", *MEETING),
        event("w", ":00010101T000000Z", "RECURRENCE-ID:20240312T090000Z", *MEETING),
        GOOD,
    )
    assert rejected(records) == [
        (13, "DTSTART 0001-01-01T00:00:00+00:00 is outside the years 1900–2199")
    ]
    assert [m.source_key for m in meetings(records)] == ["ics:good|jane@acme.example"]


def test_calendar_whose_only_event_is_odd_reports_it(tmp_path: Path) -> None:
    records = parse_events(tmp_path, event("y1", ":00010101T000000Z", *MEETING))
    assert rejected(records) == [
        (5, "DTSTART 0001-01-01T00:00:00+00:00 is outside the years 1900–2199")
    ]


# caps


def cut_note(uid: str, cut: str) -> str:
    return (
        f"series {uid!r} (line 5): the first 5,000 occurrences imported, {cut} later ones "
        "before 2025-06-01 not (at most 5,000 per series)"
    )


def test_endless_secondly_rule_stops_at_the_series_cap(tmp_path: Path) -> None:
    records = parse_events(
        tmp_path, event("s", ":20240305T090000Z", "RRULE:FREQ=SECONDLY", *MEETING)
    )
    assert len(meetings(records)) == SERIES_OCCURRENCES
    assert meetings(records)[-1].raw_time == "20240305T102319Z"  # 09:00:00 + 4,999 s
    assert notes(records) == [cut_note("s", "more than 5,000")]


def test_count_of_ten_million_stops_at_the_series_cap(tmp_path: Path) -> None:
    records = parse_events(
        tmp_path, event("c", ":20240305T090000Z", "RRULE:FREQ=MINUTELY;COUNT=10000000", *MEETING)
    )
    assert len(meetings(records)) == SERIES_OCCURRENCES
    assert notes(records) == [cut_note("c", "more than 5,000")]


def test_cut_is_counted_exactly_when_it_is_smaller_than_what_was_imported(
    tmp_path: Path,
) -> None:
    records = parse_events(
        tmp_path, event("h", ":20240305T090000Z", "RRULE:FREQ=HOURLY;COUNT=6200", *MEETING)
    )
    assert len(meetings(records)) == SERIES_OCCURRENCES
    assert notes(records) == [cut_note("h", "1,200")]


def test_ten_years_of_a_daily_standup_import_whole(tmp_path: Path) -> None:
    records = parse_events(
        tmp_path,
        event("d", ";VALUE=DATE:20140601", "RRULE:FREQ=DAILY", *MEETING),
        head=(),
    )
    # from 2014-06-01 to the window's end, 2025-06-01 (exclusive): 4,018 days
    assert (len(meetings(records)), notes(records)) == (4018, [])


def test_hourly_series_with_200_attendees_stops_at_the_file_cap(tmp_path: Path) -> None:
    guests = [f"ATTENDEE;CN=Guest {n}:mailto:guest{n}@acme.example" for n in range(200)]
    records = parse_events(
        tmp_path, event("h", ":20240305T090000Z", "RRULE:FREQ=HOURLY", MEETING[0], *guests)
    )
    assert len(meetings(records)) == FILE_MEETINGS == 200_000
    assert sum(isinstance(r, OutcomeRecord) for r in records) == 1
    assert notes(records) == [
        "the cap of 200,000 meetings per calendar reached in series 'h' (line 5): "
        "4,000 of its occurrences and 0 later series not imported"
    ]


def test_series_after_the_file_cap_are_counted(tmp_path: Path) -> None:
    guests = [f"ATTENDEE:mailto:guest{n}@acme.example" for n in range(30)]
    endless = [
        event(f"m{n}", ":20240305T090000Z", "RRULE:FREQ=MINUTELY", MEETING[0], *guests)
        for n in range(3)
    ]
    records = parse_events(tmp_path, *endless, GOOD)
    # m0: 5,000 x 30 = 150,000; m1: 1,666 x 30 = 49,980, then 30 more would pass 200,000
    assert len(meetings(records)) == 199_980
    assert notes(records) == [
        cut_note("m0", "more than 5,000"),
        "the cap of 200,000 meetings per calendar reached in series 'm1' (line 42): "
        "3,334 of its occurrences and 2 later series not imported",
    ]


def test_unreadable_dtstamp_is_ignored_not_a_traceback(tmp_path: Path) -> None:
    """Found by the fuzz suite: a broken DTSTAMP is a vBroken whose ``dts`` raises."""
    records = parse_events(
        tmp_path, event("b", ":20240305T090000Z", *MEETING, stamp="DTSTAMP:ar.google.com")
    )
    assert (rejected(records), len(meetings(records))) == ([], 1)


def test_blank_lines_are_dropped_and_lines_still_name_the_file(tmp_path: Path) -> None:
    """Millions of blank lines cost icalendar an object each: they go before parsing, while
    a rejected event keeps the line it has in the file."""
    body = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + "\r\n" * 50_000 + "BEGIN:VEVENT\r\nUID:a\r\n"
        "DTSTART:00010101T000000Z\r\nDTEND:00010101T010000Z\r\nSUMMARY:odd\r\nEND:VEVENT\r\n"
        "\n \r\n\t\r\nEND:VCALENDAR\r\n"
    )
    path = tmp_path / "blank.ics"
    path.write_bytes(body.encode())
    with Source.open(path) as source:
        records = list(ICS.parse(source))
    rejected = [r for r in records if isinstance(r, Rejected)]
    assert [(r.file, r.line) for r in rejected] == [(str(path), 50_003)]


def test_a_calendar_over_the_line_cap_is_refused_before_it_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "FILE_LINES", 100)
    path = tmp_path / "long.ics"
    path.write_bytes(
        b"BEGIN:VCALENDAR\r\n" + b"X-A:1\r\n" * 200 + b"\r\n" * 500 + b"END:VCALENDAR\r\n"
    )
    with Source.open(path) as source, pytest.raises(InputError) as caught:
        list(ICS.parse(source))
    assert str(caught.value) == (
        f"{path}: a calendar of 202 lines, over the cap of 100 "
        "(export a shorter period, or one calendar at a time)"
    )


def test_a_component_whose_begin_and_end_differ_is_one_error(tmp_path: Path) -> None:
    """icalendar caches an END:VTIMEZONE's zone and fails with an AttributeError when its
    BEGIN named another component (a damaged file): one line, not a traceback."""
    path = tmp_path / "damaged.ics"
    path.write_bytes(
        b"BEGIN:VCALENDAR\r\nBEGIN:VTIMEZOXNE\r\nTZID:Damaged Standard Time\r\n"
        b"BEGIN:STANDARD\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0700\r\n"
        b"TZOFFSETTO:-0800\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nEND:VCALENDAR\r\n"
    )
    with Source.open(path) as source, pytest.raises(InputError) as caught:
        list(ICS.parse(source))
    assert str(caught.value) == (
        f"{path}: not an iCalendar file ('VTIMEZOXNE' object has no attribute 'to_tz')"
    )


def test_a_calendar_over_its_size_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """icalendar takes about eight times a file's size: a calendar has its own, lower cap
    (``calendar_bytes``), in place of the cap of other files read whole."""
    long = event("long", ":20240306T090000Z", *MEETING, "DESCRIPTION:" + "x" * (3 * MIB))
    assert len(meetings(parse_events(tmp_path, long))) == 1  # within the default caps
    size = (tmp_path / "calendar.ics").stat().st_size
    within = Limits(calendar_bytes=4 * MIB, whole_read_bytes=MIB)
    with Source.open(tmp_path / "calendar.ics", within) as source:
        assert len(meetings(list(ICS.parse(source)))) == 1
    with (
        Source.open(tmp_path / "calendar.ics", Limits(calendar_bytes=2 * MIB)) as source,
        pytest.raises(InputError) as caught,
    ):
        list(ICS.parse(source))
    assert str(caught.value) == (
        f"{tmp_path / 'calendar.ics'}: too large to read whole: {size} bytes uncompressed, "
        "over the cap of 2097152 (ASCENT_LIMIT_CALENDAR_BYTES)"
    )


# A rule that never occurs: dateutil would search to the year 9999 for it (seconds per rule,
# UNTIL or not); each is rejected after a search of a bounded number of days.
@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        (
            "FREQ=SECONDLY;BYMONTH=1;BYYEARDAY=200",
            "RRULE never occurs (no day can satisfy BYYEARDAY=200;BYMONTH=1)",
        ),
        (
            "FREQ=DAILY;UNTIL=20240401T000000Z;BYMONTH=1;BYWEEKNO=30",
            "RRULE never occurs (no day can satisfy BYWEEKNO=30;BYMONTH=1)",
        ),
        (
            "FREQ=MONTHLY;BYDAY=5FR;BYMONTHDAY=1",
            "RRULE never occurs (no day can satisfy BYDAY=5FR;BYMONTHDAY=1)",
        ),
        (
            "FREQ=YEARLY;BYYEARDAY=-366;BYMONTH=12",
            "RRULE never occurs (no day can satisfy BYYEARDAY=-366;BYMONTH=12)",
        ),
        ("FREQ=HOURLY;BYSETPOS=2", "RRULE never occurs (no day can satisfy BYSETPOS=2)"),
        (
            "FREQ=WEEKLY;BYDAY=MO,TU;BYSETPOS=3",
            "RRULE never occurs (no day can satisfy BYDAY=MO,TU;BYSETPOS=3)",
        ),
        (
            "FREQ=DAILY;BYHOUR=9,10;BYSETPOS=-3",
            "RRULE never occurs (no day can satisfy BYHOUR=9,10;BYSETPOS=-3)",
        ),
        (
            "FREQ=DAILY;INTERVAL=7;BYDAY=TU",  # from a Monday: every seventh day is one
            "RRULE never occurs in the years 1900–2199 (INTERVAL=7 skips them)",
        ),
        (
            "FREQ=HOURLY;INTERVAL=168;BYDAY=TU",
            "RRULE never occurs in the years 1900–2199 (INTERVAL=168 skips them)",
        ),
        (
            "FREQ=HOURLY;INTERVAL=7;BYHOUR=9;BYDAY=TU",  # 9 o'clock comes back every 7 days
            "RRULE never occurs in the years 1900–2199 (INTERVAL=7 skips them)",
        ),
        ("FREQ=YEARLY;BYEASTER=0", "RRULE BYEASTER is not iCalendar (RFC 5545)"),
    ],
    ids=[
        "secondly-yearday-200-in-january",
        "daily-week-30-in-january-until",
        "fifth-friday-on-the-first",
        "leap-day-366-from-the-end-in-december",
        "hourly-second-of-one",
        "weekly-third-of-two",
        "daily-third-from-the-end-of-two",
        "every-seventh-day-from-monday-on-tuesdays",
        "every-168-hours-from-monday-on-tuesdays",
        "every-7-hours-at-9-from-monday-on-tuesdays",
        "byeaster",
    ],
)
def test_rule_that_never_occurs_is_rejected_with_line_and_reason(
    tmp_path: Path, rule: str, reason: str
) -> None:
    odd = event("never", ":20240304T090000Z", f"RRULE:{rule}", *MEETING)  # a Monday
    records = parse_events(tmp_path, odd, GOOD)
    assert rejected(records) == [(5, reason)]
    assert [m.source_key for m in meetings(records)] == ["ics:good|jane@acme.example"]


@pytest.mark.parametrize(
    ("start", "rule", "reason"),
    [
        (
            ":20240131T090000Z",  # dateutil takes the day, 31, from DTSTART
            "FREQ=YEARLY;BYMONTH=2",
            "RRULE never occurs (no day can satisfy BYMONTH=2 on DTSTART's day of the month)",
        ),
        (
            ";VALUE=DATE:20230301",  # 2023, 2027, …: never a leap year
            "FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29",
            "RRULE never occurs in the years 1900–2199 (INTERVAL=4 skips them)",
        ),
    ],
    ids=["february-on-dtstart-31", "leap-day-every-4-years-from-2023"],
)
def test_rule_that_never_occurs_from_its_dtstart_is_rejected(
    tmp_path: Path, start: str, rule: str, reason: str
) -> None:
    records = parse_events(tmp_path, event("never", start, f"RRULE:{rule}", *MEETING), GOOD)
    assert rejected(records) == [(5, reason)]


@pytest.mark.parametrize(
    ("start", "rule", "times"),
    [
        (
            ";VALUE=DATE:20160229",
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
            ["20160229", "20200229", "20240229"],
        ),
        (
            ";VALUE=DATE:20160229",
            "FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29",
            ["20160229", "20200229", "20240229"],
        ),
        (
            ":20230113T090000Z",
            "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13",
            ["20230113T090000Z", "20231013T090000Z", "20240913T090000Z", "20241213T090000Z"],
        ),
        (
            ";VALUE=DATE:19920229",  # 29 February on a Saturday: every 28 years, or 40
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=SA",
            ["19920229", "20200229"],
        ),
        (
            ":20250407T090000Z",  # every other Monday, then the window's end, 2025-06-01
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;UNTIL=20260101T000000Z",
            ["20250407T090000Z", "20250421T090000Z", "20250505T090000Z", "20250519T090000Z"],
        ),
    ],
    ids=["leap-days", "leap-days-every-4-years", "friday-the-13th", "leap-saturday", "fortnightly"],
)
def test_sparse_rule_imports_its_exact_occurrences(
    tmp_path: Path, start: str, rule: str, times: list[str]
) -> None:
    records = parse_events(tmp_path, event("sparse", start, f"RRULE:{rule}", *MEETING))
    assert (rejected(records), notes(records)) == ([], [])
    assert [m.raw_time for m in meetings(records)] == times


def test_rule_checks_stop_at_the_file_cap_and_later_rules_are_counted(tmp_path: Path) -> None:
    # a rule that never occurs makes dateutil examine the 10,227 days of 9972–9999
    spent = -(-FILE_RULE_DAYS // 10_227)
    odd = [
        event(f"n{n}", ":20240304T090000Z", f"RRULE:FREQ=DAILY;BYMONTH=1;BYYEARDAY={100 + n}")
        for n in range(spent)
    ]
    later = event("later", ":20240304T090000Z", "RRULE:FREQ=DAILY;COUNT=2", *MEETING)
    records = parse_events(tmp_path, *odd, later, GOOD)
    assert len(rejected(records)) == spent
    assert rejected(records)[-1] == (
        5 + 6 * (spent - 1),
        f"RRULE never occurs (no day can satisfy BYYEARDAY={99 + spent};BYMONTH=1)",
    )
    assert [m.source_key for m in meetings(records)] == ["ics:good|jane@acme.example"]
    assert notes(records) == [
        f"the cap of {FILE_RULE_DAYS:,} days examined by rule checks per calendar reached in "
        f"series 'n{spent - 1}' (line {5 + 6 * (spent - 1)}): 1 later series with an RRULE "
        "not imported"
    ]
