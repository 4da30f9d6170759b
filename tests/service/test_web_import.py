"""Web analytics exports through the whole stack: golden counts, idempotent, atomic."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from ascent.bootstrap import scoped_unit_of_work
from ascent.errors import InputError
from ascent.service.imports import import_paths
from ascent.store.models import Outcome

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CASES = (
    "ga4/acquisition",
    "ga4/exploration",
    "plausible/dashboard",
    "plausible/imported",
    "matomo/utf16",
    "matomo/campaigns_utf8",
    "matomo/referrer_type",
    "matomo/nodata",
)
DASHBOARD_ZIP = "Plausible export ada.example 2024-03-01  to 2024-03-31 .zip"
PERSON = "ada@demo.example"


def export(case: str, tmp_path: Path) -> Path:
    folder = FIXTURES / case
    if case != "plausible/dashboard":
        return folder
    archive = tmp_path / DASHBOARD_ZIP
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.iterdir()):
            if path.name != "expected.json":
                zf.write(path, path.name)
    return archive


def _outcomes(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(Outcome)).scalar_one())


@pytest.mark.parametrize("case", CASES)
def test_export_imports_golden_counts_then_nothing_twice(
    engine: Engine, tmp_path: Path, case: str
) -> None:
    expected = json.loads((FIXTURES / case / "expected.json").read_text(encoding="utf-8"))
    path = export(case, tmp_path)
    with scoped_unit_of_work(engine, write=True) as uow:
        first = import_paths(uow, paths=[path], person=PERSON).to_dict()
    assert first["counts"] == expected["counts"]
    assert len(first["skipped"]) == len(expected["rejected"])
    assert [n["message"] for n in first["notes"]] == [
        n.split(": ", 1)[1] for n in expected["notes"]
    ]
    with scoped_unit_of_work(engine, write=True) as uow:
        second = import_paths(uow, paths=[path], person=PERSON).to_dict()
    assert (second["added"], second["counts"]) == (0, {})
    assert second["duplicates"] == sum(expected["counts"].values())
    assert _outcomes(engine) == sum(expected["counts"].values())


def test_a_visit_is_stored_with_the_post_it_came_from(engine: Engine) -> None:
    with scoped_unit_of_work(engine, write=True) as uow:
        import_paths(uow, paths=[FIXTURES / "ga4" / "acquisition"], person=PERSON)
    with engine.connect() as connection:
        row = connection.execute(
            select(
                Outcome.day, Outcome.amount, Outcome.source_channel, Outcome.source, Outcome.medium
            ).where(Outcome.content == "urn:li:activity:7136000000000000002")
        ).one()
    assert (row.day.isoformat(), row.amount, row.source_channel, row.source, row.medium) == (
        "2023-12-31",
        1020.0,
        "linkedin",
        "linkedin",
        "social",
    )


def test_an_overlapping_re_export_adds_only_the_new_days(engine: Engine, tmp_path: Path) -> None:
    source = FIXTURES / "plausible" / "imported" / "imported_sources_20240301_20240331.csv"
    lines = source.read_text(encoding="utf-8").splitlines()
    new_day = '"2024-03-06","Google","","","","",2,2,30,1'
    later = tmp_path / "imported_sources_20240302_20240306.csv"  # days 2–5 again, then day 6
    later.write_text("\n".join([lines[0], *lines[4:11], new_day]) + "\n", encoding="utf-8")
    with scoped_unit_of_work(engine, write=True) as uow:
        import_paths(uow, paths=[source], person=PERSON)
    with scoped_unit_of_work(engine, write=True) as uow:
        report = import_paths(uow, paths=[later], person=PERSON).to_dict()
    assert report["counts"] == {"web_visits": 1}  # only 2024-03-06 is new


def test_a_malformed_export_is_one_error_naming_it_and_writes_nothing(
    engine: Engine, tmp_path: Path
) -> None:
    good = tmp_path / "good"
    shutil.copytree(FIXTURES / "ga4" / "exploration", good)
    bad = tmp_path / "Users_by_first_source.csv"
    bad.write_text(
        "# Start date: 20240301\n# End date: 20240331\n\n"
        "First user source / medium,New users\nlinkedin / social,9\n"
    )
    with scoped_unit_of_work(engine, write=True) as uow, pytest.raises(InputError) as caught:
        import_paths(uow, paths=[good, bad], person=PERSON)
    assert str(caught.value).startswith(f"{bad}:4: the table 'First user source / medium")
    assert "\n" not in str(caught.value)
    assert _outcomes(engine) == 0
