"""Plausible's two exports, one test per quirk of FORMATS §7.2 (fixtures and inline files)."""

from __future__ import annotations

import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest

from ascent.domain.records import Note, OutcomeRecord, Record, Rejected
from ascent.errors import InputError
from ascent.importers.source import Source
from ascent.importers.web.plausible import PLAUSIBLE

FIXTURES = Path(__file__).parents[1] / "fixtures" / "plausible"
DASHBOARD = FIXTURES / "dashboard"
IMPORTED = FIXTURES / "imported"
NAME = "Plausible export ada.example 2024-03-01  to 2024-03-31 .zip"
SOURCES_HEADER = '"date","source","utm_medium","utm_campaign","utm_content","utm_term",'


def zipped(folder: Path, target: Path, *, only: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(target, "w") as zf:
        for path in sorted(folder.iterdir()):
            if path.name != "expected.json" and (not only or path.name in only):
                zf.write(path, path.name)
    return target


def parse(path: Path) -> list[Record]:
    with Source.open(path) as source:
        return list(PLAUSIBLE.parse(source))


def outcomes(path: Path) -> list[OutcomeRecord]:
    return [r for r in parse(path) if isinstance(r, OutcomeRecord)]


@pytest.fixture
def dashboard(tmp_path: Path) -> Path:
    return zipped(DASHBOARD, tmp_path / NAME)


def test_the_range_and_domain_come_from_the_zip_name_with_its_double_space(
    dashboard: Path,
) -> None:
    first = outcomes(dashboard)[0]
    assert (first.occurred_at.date(), first.raw_time) == (
        date(2024, 3, 31),
        "2024-03-01 to 2024-03-31",
    )
    assert first.source_key == "plausible:visits:ada.example:20240301-20240331:|||"


def test_a_renamed_download_still_names_its_range(tmp_path: Path) -> None:
    renamed = zipped(DASHBOARD, tmp_path / NAME.replace(" .zip", " (1).zip"))
    assert outcomes(renamed)[0].occurred_at.date() == date(2024, 3, 31)


def test_the_trailing_empty_line_of_every_file_is_not_a_row(dashboard: Path) -> None:
    assert not [r for r in parse(dashboard) if isinstance(r, Rejected)]


def test_direct_none_is_direct_traffic(dashboard: Path) -> None:
    first = outcomes(dashboard)[0]
    assert (first.source, first.amount) == (None, 310.0)


def test_only_one_slice_is_read_so_visitors_are_not_counted_twice(dashboard: Path) -> None:
    assert sum(o.amount or 0 for o in outcomes(dashboard)) == 310 + 251 + 120 + 18 + 9 + 4 + 3


def test_the_other_slices_and_the_daily_graph_are_noted(dashboard: Path) -> None:
    notes = [n.message for n in parse(dashboard) if isinstance(n, Note)]
    assert notes[1].startswith(
        "channels.csv, utm_sources.csv, utm_mediums.csv, "
        "utm_campaigns.csv, utm_contents.csv not imported"
    )
    assert notes[2].startswith("31 days of visitor totals without a traffic source")


def test_plausible_source_names_are_normalised(dashboard: Path) -> None:
    assert [o.source for o in outcomes(dashboard)] == [
        None,
        "linkedin",
        "google",
        "x",
        "bluesky",
        "hacker news",
        "mastodon",
    ]


def test_one_slice_given_on_its_own_is_read_instead(tmp_path: Path) -> None:
    folder = tmp_path / NAME.removesuffix(".zip")
    folder.mkdir()
    shutil.copy(DASHBOARD / "utm_contents.csv", folder)
    found = outcomes(folder / "utm_contents.csv")
    assert [(o.content, o.amount) for o in found] == [
        ("urn:li:activity:7170000000000000001", 120.0),
        ("urn:li:activity:7170000000000000002", 30.0),
    ]


def test_the_unpacked_folder_without_its_name_is_one_error() -> None:
    with pytest.raises(InputError, match=r"dashboard/sources\.csv: the date range is only in"):
        parse(DASHBOARD)


def test_visitors_csv_alone_is_one_error(tmp_path: Path) -> None:
    archive = zipped(DASHBOARD, tmp_path / NAME, only=("visitors.csv",))
    with pytest.raises(InputError, match=r"visitors\.csv: no sources\.csv"):
        parse(archive)


def test_export_data_rows_are_daily_with_source_and_utm_values() -> None:
    first = outcomes(IMPORTED)[1]
    assert (
        first.occurred_at.date(),
        first.source,
        first.medium,
        first.campaign,
        first.content,
        first.amount,
    ) == (
        date(2024, 3, 1),
        "linkedin",
        "social",
        "spring-launch",
        "urn:li:activity:7170000000000000001",
        33.0,
    )


def test_export_data_empty_source_is_direct() -> None:
    assert (outcomes(IMPORTED)[0].source, outcomes(IMPORTED)[0].source_channel) == (None, None)


def test_export_data_counts_visits_not_visitors() -> None:
    assert outcomes(IMPORTED)[0].amount == 44.0  # visitors 40, visits 44


def test_rows_differing_only_by_utm_term_are_added_up() -> None:
    day2 = [o for o in outcomes(IMPORTED) if o.occurred_at.date() == date(2024, 3, 2)]
    assert day2[0].amount == 13.0  # 11 + 2 (utm_term "crm")


def test_export_data_bad_date_is_rejected_with_its_line() -> None:
    (rejected,) = [r for r in parse(IMPORTED) if isinstance(r, Rejected)]
    assert (rejected.line, rejected.reason) == (
        12,
        "unreadable date '2024-03-32' (expected YYYY-MM-DD)",
    )


def test_the_other_imported_tables_are_noted() -> None:
    (note,) = [n.message for n in parse(IMPORTED) if isinstance(n, Note)]
    assert note.startswith("2 other imported_* tables not imported")


def test_newer_columns_are_read_by_name(tmp_path: Path) -> None:
    path = tmp_path / "imported_sources_20240301_20240331.csv"
    path.write_text(
        '"date","source","referrer","utm_source","utm_medium","utm_campaign","utm_content",'
        '"utm_term","pageviews","visitors","visits","visit_duration","bounces"\n'
        '"2024-03-01","","","LinkedIn","social","","urn:li:activity:1","",9,3,4,60,1\n'
        '"2024-03-01","","https://lnkd.in/abc","","","","","",2,1,1,5,1\n',
        encoding="utf-8",
    )
    assert [(o.source, o.medium, o.content, o.amount) for o in outcomes(path)] == [
        ("linkedin", "social", "urn:li:activity:1", 4.0),
        ("linkedin", None, None, 1.0),
    ]


def test_the_export_zip_name_gives_the_site(tmp_path: Path) -> None:
    archive = zipped(IMPORTED, tmp_path / "ada_example-20240301-20240331.zip")
    assert outcomes(archive)[0].source_key == "plausible:visits:ada.example:20240301:|||"


def test_an_export_without_imported_sources_is_one_error(tmp_path: Path) -> None:
    archive = zipped(IMPORTED, tmp_path / "e.zip", only=("imported_pages_20240301_20240331.csv",))
    with pytest.raises(InputError, match=r"imported_pages_20240301_20240331\.csv: no "):
        parse(archive)


def test_imported_sources_without_a_count_column_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "imported_sources_20240301_20240331.csv"
    path.write_text(SOURCES_HEADER + '"bounces"\n"2024-03-01","","","","","",1\n')
    with pytest.raises(InputError, match=r"\.csv:1: no visits or visitors column"):
        parse(path)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("log.csv", "date,kind,contact\n2024-03-01,call,Bob\n"),
        ("Connections.csv", "First Name,Last Name,URL\nAda,E,https://x.example\n"),
        ("sources.csv", "Source,Count\nLinkedIn,3\n"),
        ("ga4.csv", "# Start date: 20240301\nSession source,Sessions\nt.co,3\n"),
    ],
)
def test_detect_claims_only_plausible_exports(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert not PLAUSIBLE.detect(Source.open(path))


def test_detect_claims_both_exports(dashboard: Path) -> None:
    assert PLAUSIBLE.detect(Source.open(dashboard))
    assert PLAUSIBLE.detect(Source.open(IMPORTED))
