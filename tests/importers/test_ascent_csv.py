from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from ascent.domain.records import ActivityRecord, ContactRef, OutcomeRecord, Rejected
from ascent.errors import InputError
from ascent.importers.ascent_csv import ASCENT_CSV
from ascent.importers.source import Source

HEADER = "date,kind,person,channel,contact,contact_url,account,amount,source,note,id\n"


def _parse(tmp_path: Path, text: str, name: str = "log.csv") -> list[object]:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return list(ASCENT_CSV.parse(Source.open(path)))


def test_activity_and_outcome_rows(tmp_path: Path) -> None:
    records = _parse(
        tmp_path,
        HEADER + "2026-03-05,call,ada@demo.example,,Bob Buyer,https://www.linkedin.com/in/Bob%2DB/,"
        "Acme Example,,,coffee?,c1\n"
        + "2026-03-06T14:30:00+01:00,deal_won,,,,,Acme Example,12000.50,linkedin,,\n",
    )
    call, deal = records
    assert call == ActivityRecord(
        source_key="csv:c1",
        occurred_at=datetime(2026, 3, 5, tzinfo=UTC),
        raw_time="2026-03-05",
        channel="phone",
        kind="call",
        contact=ContactRef(
            name="Bob Buyer",
            profile_url="https://www.linkedin.com/in/bob-b",
            company="Acme Example",
        ),
        account="Acme Example",
        body="coffee?",
        person="ada@demo.example",
    )
    assert isinstance(deal, OutcomeRecord)
    assert deal.occurred_at == datetime(2026, 3, 6, 13, 30, tzinfo=UTC)
    assert (deal.kind, deal.amount, deal.source_channel, deal.account) == (
        "deal_won",
        12000.5,
        "linkedin",
        "Acme Example",
    )
    assert deal.source_key.startswith("csv:")
    assert len(deal.source_key) == 44


def test_bad_rows_are_rejected_with_physical_line_and_reason(tmp_path: Path) -> None:
    records = _parse(
        tmp_path,
        "\ufeffdate,kind,note\r\n"
        "2026-02-30,call,\r\n"
        "2026-03-01,coffee,\r\n"
        '2026-03-02,call,"two\r\nlines"\r\n'
        "2026-03-03,meeting,\r\n"
        ",call,\r\n",
    )
    rejected = [r for r in records if isinstance(r, Rejected)]
    assert [(r.line, r.reason) for r in rejected] == [
        (2, "unreadable date '2026-02-30' (use YYYY-MM-DD or ISO datetime)"),
        (3, "unknown kind 'coffee'"),
        (7, "empty date"),
    ]
    kept = [r for r in records if isinstance(r, ActivityRecord)]
    assert [(r.kind, r.channel) for r in kept] == [("call", "phone"), ("meeting", "meeting")]


def test_unknown_channel_and_amount_are_rejected(tmp_path: Path) -> None:
    records = _parse(
        tmp_path, "date,kind,channel,amount\n2026-03-01,call,pigeon,\n2026-03-01,opportunity,,12k\n"
    )
    assert [r.reason for r in records if isinstance(r, Rejected)] == [
        "unknown channel 'pigeon'",
        "unreadable amount '12k' (use a plain number like 12000.50)",
    ]


def test_missing_required_column_is_an_error_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match=r"log\.csv: no header row found \(expected a header with date and kind\)"
    ):
        _parse(tmp_path, "date,person\n2026-03-01,ada\n")


def test_unknown_column_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"unknown column\(s\) colour"):
        _parse(tmp_path, "date,kind,colour\n2026-03-01,call,red\n")


def test_detects_only_csv_files_with_date_and_kind(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("Date,Kind\n")
    (tmp_path / "b.csv").write_text("First Name,Last Name\n")
    assert ASCENT_CSV.detect(Source.open(tmp_path / "a.csv"))
    assert not ASCENT_CSV.detect(Source.open(tmp_path / "b.csv"))
    assert not ASCENT_CSV.detect(Source.open(tmp_path))


def test_excel_resave_with_bom_semicolons_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_bytes("\ufeffdate;kind;contact\r\n2026-03-05;call;Zoë Example\r\n".encode())
    (call,) = ASCENT_CSV.parse(Source.open(path))
    assert isinstance(call, ActivityRecord)
    assert (call.kind, call.contact) == ("call", ContactRef(name="Zoë Example"))
