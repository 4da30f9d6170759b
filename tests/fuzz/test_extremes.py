"""Fixed hostile cases for every importer: JSON nested thousands deep, dates in year 1 and
9999 with offsets, calendar series without end. Each gives records or one ``AscentError``."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from fuzzing import Export, check, exports, importer_names

DEPTH = 100_000
YEAR = re.compile(rb"\b(19|20)\d\d\b")
UTC_TIME = re.compile(rb"(\d\d:\d\d:\d\d(?:\.\d+)?)Z")


def _rewritten(export: Export, rewrite: object) -> list[tuple[Path, bytes]]:
    return [
        (m, rewrite(export.path / m if export.path.is_dir() else export.path))  # type: ignore[operator]
        for m in export.members()
    ]


def _run(export: Export, change: dict[Path, bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = export.copy(Path(tmp))
        for member, content in change.items():
            (root if root.is_file() else root / member).write_bytes(content)
        check(root)


def _extreme_dates(data: bytes, year: bytes, offset: bytes) -> bytes:
    """Every year of the fixture moved to ``year``; UTC times in text given ``offset``."""
    moved = YEAR.sub(year, data)
    try:
        moved.decode("utf-8")
    except UnicodeDecodeError:  # binary (a CAR): same length only
        return moved
    return UTC_TIME.sub(rb"\1" + offset, moved)


@pytest.mark.parametrize("importer", importer_names())
@pytest.mark.parametrize(("year", "offset"), [(b"0001", b"-12:00"), (b"9999", b"+14:00")])
def test_dates_in_year_1_and_9999_with_offsets(importer: str, year: bytes, offset: bytes) -> None:
    for export in exports()[importer]:
        members = export.members()
        base = export.path if export.path.is_dir() else export.path.parent
        _run(export, {m: _extreme_dates((base / m).read_bytes(), year, offset) for m in members})


def _deep(member: Path) -> bytes:
    prefix = b"window.YTD.tweets.part0 = " if member.suffix == ".js" else b""
    return prefix + b"[" * DEPTH + b"]" * DEPTH


@pytest.mark.parametrize("importer", importer_names())
def test_json_nested_100000_deep(importer: str) -> None:
    for export in exports()[importer]:
        jsons = [m for m in export.members() if m.suffix in {".json", ".js"}]
        for member in jsons:
            _run(export, {member: _deep(member)})
        if not jsons:  # the format holds no JSON: the deep text stands in for a data file
            _run(export, {export.members()[0]: _deep(Path("x.json"))})


ENDLESS = {
    "secondly without end": "RRULE:FREQ=SECONDLY",
    "a huge count": "RRULE:FREQ=MINUTELY;COUNT=2000000000",
    "hourly for a century": "RRULE:FREQ=HOURLY;UNTIL=21250101T000000Z",
}
ATTENDEES = "".join(f"ATTENDEE;CN=Guest {n}:mailto:guest{n}@example.org\r\n" for n in range(10))


@pytest.mark.parametrize("case", sorted(ENDLESS))
def test_a_series_without_end_is_bounded(tmp_path: Path, case: str) -> None:
    path = tmp_path / "calendar.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\nBEGIN:VEVENT\r\n"
        "UID:endless@example.org\r\nDTSTAMP:20240101T000000Z\r\n"
        "DTSTART:20240102T090000Z\r\nDTEND:20240102T093000Z\r\nSUMMARY:Standup\r\n"
        f"ORGANIZER;CN=Ada:mailto:ada@northwind.example\r\n{ATTENDEES}{ENDLESS[case]}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n",
        newline="",
    )
    check(path)
