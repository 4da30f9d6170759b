"""One assertion per Pipedrive quirk of FORMATS §5.3, on tests/fixtures/pipedrive/* and inline."""

from __future__ import annotations

import importlib.util
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest
from openpyxl import load_workbook

from ascent.domain.records import ContactRef, Note, OutcomeRecord, Record, Rejected
from ascent.errors import InputError
from ascent.importers.crm.pipedrive import PIPEDRIVE, columns_of
from ascent.importers.crm.pipedrive_labels import label_key
from ascent.importers.source import Source

FIXTURES = Path(__file__).parents[1] / "fixtures" / "pipedrive"
ENGLISH = FIXTURES / "2024" / "deals-7012345-118.csv"
CZECH = FIXTURES / "2024" / "deals-7012345-121.csv"
WORKBOOK = FIXTURES / "xlsx" / "deals-7012345-130.xlsx"


def parse(path: Path) -> list[Record]:
    with Source.open(path) as source:
        return list(PIPEDRIVE.parse(source))


def detect(path: Path) -> bool:
    with Source.open(path) as source:
        return PIPEDRIVE.detect(source)


def outcome(records: list[Record], key: str) -> OutcomeRecord:
    return next(r for r in records if isinstance(r, OutcomeRecord) and r.source_key == key)


def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_xlsx", FIXTURES / "make_xlsx.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def english() -> list[Record]:
    return parse(ENGLISH)


@pytest.fixture(scope="module")
def czech() -> list[Record]:
    return parse(CZECH)


@pytest.fixture(scope="module")
def workbook() -> list[Record]:
    return parse(WORKBOOK)


def test_headers_fold_case_diacritics_dashes_and_spaces() -> None:
    assert label_key("Deal – Title") == label_key("deal - title") == "deal-title"
    assert label_key("\ufeffObchod - Název*") == "obchod-nazev"
    assert columns_of(["Deal — Won  time", "deal_-_id"]) == {"won": 0, "id": 1}


def test_an_en_dash_header_is_the_title(english: list[Record]) -> None:
    assert "Deal – Title".encode() in ENGLISH.read_bytes()
    assert outcome(english, "pipedrive:deal:101:won").note == "Acme platform"


def test_a_won_deal_is_dated_by_its_won_time(english: list[Record]) -> None:
    won = outcome(english, "pipedrive:deal:101:won")
    assert (won.raw_time, won.occurred_at, won.amount) == (
        "2024-03-20 14:05:00",
        datetime(2024, 3, 20, 14, 5, tzinfo=UTC),
        12000.0,
    )


def test_a_lost_deal_is_dated_by_its_lost_time_and_keeps_the_reason(
    english: list[Record],
) -> None:
    lost = outcome(english, "pipedrive:deal:102:lost")
    assert (lost.occurred_at, lost.amount, lost.note) == (
        datetime(2024, 3, 1, 10, tzinfo=UTC),
        None,
        "Globex pilot: lost (Budget)",
    )


def test_the_buyer_is_the_contact_person_with_the_first_email(english: list[Record]) -> None:
    acme = outcome(english, "pipedrive:deal:101:opportunity")
    assert acme.contact == ContactRef(
        name="Bob Buyer", email="bob.buyer@acme-robotics.example", company="Acme Robotics"
    )
    assert (acme.account, acme.person, acme.match_person) == ("Acme Robotics", "Ada Example", True)


def test_a_lead_source_column_is_the_attribution(english: list[Record]) -> None:
    acme = outcome(english, "pipedrive:deal:101:won")
    globex = outcome(english, "pipedrive:deal:102:opportunity")
    assert (acme.source_channel, acme.source, acme.medium) == ("linkedin", "linkedin", "social")
    assert (globex.source_channel, globex.source) == ("web", "web")


def test_deleted_deals_are_left_out_and_counted(english: list[Record]) -> None:
    assert not [r for r in english if isinstance(r, OutcomeRecord) and ":104:" in r.source_key]
    assert "left out 1 deleted deal(s)" in [n.message for n in english if isinstance(n, Note)]


def test_a_won_deal_without_won_time_and_an_unknown_status_are_rejected(
    english: list[Record],
) -> None:
    assert [(r.line, r.reason) for r in english if isinstance(r, Rejected)] == [
        (6, "won deal without a Deal - Won time"),
        (7, "unknown status 'Pending' (expected Open, Won, Lost or Deleted)"),
    ]


def test_a_czech_export_with_bom_maps_its_columns_and_statuses(czech: list[Record]) -> None:
    assert CZECH.read_bytes().startswith(b"\xef\xbb\xbfObchod - ID")
    won = outcome(czech, "pipedrive:deal:201:won")
    assert (won.amount, won.occurred_at, won.person, won.note) == (
        250000.0,
        datetime(2024, 5, 14, 16, 20, tzinfo=UTC),
        "Ada Example",
        "Dodávka serverů",
    )
    assert won.contact == ContactRef(
        name="Jana Nováková", email="jana@novak.example", company="Novák s.r.o."
    )
    kinds = sorted(r.kind for r in czech if isinstance(r, OutcomeRecord))
    assert kinds == ["deal_lost", "deal_won", "opportunity", "opportunity", "opportunity"]
    assert outcome(czech, "pipedrive:deal:202:lost").note == "Školení týmu: lost (Cena)"


def test_xlsx_serial_days_are_dates(workbook: list[Record]) -> None:
    created = outcome(workbook, "pipedrive:deal:301:opportunity")
    assert (created.raw_time, created.occurred_at) == ("45371", datetime(2024, 3, 20, tzinfo=UTC))


def test_xlsx_serial_fractions_are_the_time_of_day(workbook: list[Record]) -> None:
    created = outcome(workbook, "pipedrive:deal:302:opportunity")
    assert created.occurred_at == datetime(2024, 3, 20, 18, tzinfo=UTC)


def test_xlsx_datetime_and_text_cells_are_dates_too(workbook: list[Record]) -> None:
    assert outcome(workbook, "pipedrive:deal:301:won").occurred_at == datetime(
        2024, 4, 2, 14, 5, tzinfo=UTC
    )
    assert outcome(workbook, "pipedrive:deal:302:lost").raw_time == "2024-04-10 10:00:00"
    assert outcome(workbook, "pipedrive:deal:302:opportunity").amount == 4500.5


def test_xlsx_rejections_name_the_row(workbook: list[Record]) -> None:
    assert [(r.file, r.line, r.reason) for r in workbook if isinstance(r, Rejected)] == [
        (str(WORKBOOK), 5, "unreadable date 'soon' in Deal - Deal created")
    ]


def test_the_committed_workbook_is_what_the_script_writes() -> None:
    made = script()
    sheet = load_workbook(WORKBOOK, read_only=True).worksheets[0]
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert rows == [made.HEADER, *(tuple(r) for r in made.ROWS)]


def test_a_serial_in_a_csv_is_no_date(tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    path.write_text("Deal - ID,Deal - Status,Deal - Deal created\n1,Open,45371\n", encoding="utf-8")
    assert [r.reason for r in parse(path) if isinstance(r, Rejected)] == [
        "unreadable date '45371' in Deal - Deal created"
    ]


def test_closed_on_dates_a_win_without_won_time(tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    path.write_text(
        "Deal - ID,Deal - Status,Deal - Won time,Deal - Deal closed on\n1,Won,,2024-05-06\n",
        encoding="utf-8",
    )
    (won,) = [r for r in parse(path) if isinstance(r, OutcomeRecord)]
    assert (won.kind, won.raw_time) == ("deal_won", "2024-05-06")


def test_missing_required_columns_is_one_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    path.write_text("Deal - Title,Deal - Value\nA,5\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        parse(path)
    assert str(raised.value) == (
        f"{path}:1: missing required column(s) Deal - ID, Deal - Status, "
        "Deal - Deal created, Won time or Lost time"
    )


def test_a_truncated_xlsx_is_one_error_naming_the_file(tmp_path: Path) -> None:
    inner = tmp_path / "export.zip"
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("deals-1.xlsx", WORKBOOK.read_bytes()[:2000])
    with pytest.raises(InputError, match=r"export\.zip:deals-1\.xlsx"):
        parse(inner)


def test_detects_deal_columns_only(tmp_path: Path) -> None:
    assert detect(ENGLISH)
    assert detect(WORKBOOK)
    (tmp_path / "a.csv").write_text("Organization - Name,Organization - Address\n", "utf-8")
    (tmp_path / "b.csv").write_text("date,kind,Deal - Status\n", "utf-8")
    assert not detect(tmp_path / "a.csv")
    assert not detect(tmp_path / "b.csv")
    assert not detect(Path(__file__).parents[1] / "fixtures" / "salesforce" / "en_US")
