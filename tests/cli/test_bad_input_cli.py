"""Bad input of every kind is one line on stderr naming the file and what is wrong, exit 2,
and nothing written, even when good exports come first in the same command."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from ascent.cli.app import app
from ascent.store.models import Activity, ContactIdentity, ImportBatch, Outcome

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MIXED = FIXTURES / "mixed" / "2026"


def _truncated_zip(tmp: Path) -> Path:
    whole = tmp / "whole.zip"
    with zipfile.ZipFile(whole, "w") as zf:
        for path in sorted((MIXED / "linkedin").iterdir()):
            zf.write(path, f"Complete_LinkedInDataExport_11-20-2026/{path.name}")
    broken = tmp / "Complete_LinkedInDataExport_11-20-2026.zip"
    broken.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    return broken


def _wrong_wrapper(tmp: Path) -> Path:
    archive = tmp / "twitter-2026-11-20"
    shutil.copytree(MIXED / "x", archive)
    (archive / "data" / "tweets.js").write_text('window.YTD.tweets.part0 = {"tweet" : { }}\n')
    return archive


def _broken_car(tmp: Path) -> Path:
    whole = (FIXTURES / "bluesky" / "2024" / "repo.car").read_bytes()
    broken = tmp / "repo.car"
    broken.write_bytes(whole[: len(whole) // 2])
    return broken


def _missing_columns(tmp: Path) -> Path:
    deals = (MIXED / "hubspot" / "hubspot-crm-exports-all-deals-2026-11-20.csv").read_text()
    broken = tmp / "hubspot-crm-exports-all-deals-2026-11-21.csv"
    broken.write_text(deals.replace('"Deal Stage",', ""), encoding="utf-8")
    return broken


def _no_vevent(tmp: Path) -> Path:
    empty = tmp / "work.ics"
    empty.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\nEND:VCALENDAR\r\n"
    )
    return empty


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_truncated_zip, ": not a readable ZIP archive (truncated or corrupt?)"),
        (
            _wrong_wrapper,
            "/data/tweets.js: not an X archive data file "
            "(expected `window.YTD.tweets.part0 = [ … ]`)",
        ),
        (_broken_car, ": broken CAR (Failed to read CAR block. end of data)"),
        (_missing_columns, ":1: missing required column(s) Deal Stage"),
        (_no_vevent, ": no VEVENT in this calendar"),
    ],
    ids=["truncated-zip", "wrong-json-wrapper", "broken-car", "missing-columns", "no-vevent"],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    engine: Engine, database_url: str, tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    bad = make(tmp_path)
    good = [str(MIXED / "linkedin"), str(MIXED / "ada@northwind.example.ics")]
    result = CliRunner().invoke(
        app, ["--db", database_url, "import", *good, str(bad), "--person", "Ada Example"]
    )
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"error: {bad}{message}\n")
    with engine.connect() as connection:
        for model in (Activity, Outcome, ContactIdentity, ImportBatch):
            assert connection.execute(select(func.count()).select_from(model)).scalar_one() == 0
