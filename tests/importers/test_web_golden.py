"""Golden output of every pinned web analytics fixture (tests/fixtures/{ga4,plausible,matomo}/).

Each fixture folder's ``expected.json`` lists every outcome (day, source, medium, campaign,
content, visits, channel), the rejected rows and the notes. Plausible's dashboard export is
read the way it is downloaded: zipped under its real name, whose range it needs.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from ascent.domain.records import Note, OutcomeRecord, Record, Rejected
from ascent.importers.registry import detect_format
from ascent.importers.source import Source
from ascent.importers.web.ga4 import GA4
from ascent.importers.web.matomo import MATOMO
from ascent.importers.web.plausible import PLAUSIBLE

FIXTURES = Path(__file__).parents[1] / "fixtures"
CASES = {
    "ga4/acquisition": "ga4",
    "ga4/exploration": "ga4",
    "plausible/dashboard": "plausible",
    "plausible/imported": "plausible",
    "matomo/utf16": "matomo",
    "matomo/campaigns_utf8": "matomo",
    "matomo/referrer_type": "matomo",
    "matomo/nodata": "matomo",
}
DASHBOARD_ZIP = "Plausible export ada.example 2024-03-01  to 2024-03-31 .zip"


def export_path(case: str, tmp_path: Path) -> Path:
    """The fixture as a user gives it: the dashboard zipped under its real name."""
    folder = FIXTURES / case
    if case != "plausible/dashboard":
        return folder
    archive = tmp_path / DASHBOARD_ZIP
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.iterdir()):
            if path.name != "expected.json":
                zf.write(path, path.name)
    return archive


def read(path: Path) -> tuple[str, list[Record]]:
    with Source.open(path) as source:
        importer = detect_format(source)
        return importer.name, list(importer.parse(source))


def summary(records: list[Record]) -> dict[str, object]:
    outcomes = [r for r in records if isinstance(r, OutcomeRecord)]
    return {
        "counts": {"web_visits": len(outcomes)} if outcomes else {},
        "rejected": [
            f"{Path(r.file).name}:{r.line}: {r.reason}" for r in records if isinstance(r, Rejected)
        ],
        "notes": [f"{Path(n.file).name}: {n.message}" for n in records if isinstance(n, Note)],
        "outcomes": [
            [
                o.occurred_at.date().isoformat(),
                o.source,
                o.medium,
                o.campaign,
                o.content,
                o.amount,
                o.source_channel,
            ]
            for o in outcomes
        ],
    }


@pytest.mark.parametrize("case", CASES)
def test_fixture_matches_its_golden_output(case: str, tmp_path: Path) -> None:
    expected = json.loads((FIXTURES / case / "expected.json").read_text(encoding="utf-8"))
    name, records = read(export_path(case, tmp_path))
    assert name == CASES[case]
    assert summary(records) == expected


@pytest.mark.parametrize("case", CASES)
def test_outcomes_are_daily_utc_visits_without_a_person(case: str, tmp_path: Path) -> None:
    for record in read(export_path(case, tmp_path))[1]:
        if isinstance(record, OutcomeRecord):
            assert record.kind == "web_visits"
            assert record.person is None
            assert record.occurred_at.utcoffset() is not None
            assert (record.occurred_at.hour, record.occurred_at.minute) == (0, 0)
            assert record.amount is not None
            assert record.amount > 0
            assert record.raw_time


@pytest.mark.parametrize("case", CASES)
def test_source_keys_are_unique_and_stable(case: str, tmp_path: Path) -> None:
    path = export_path(case, tmp_path)
    first = [r.source_key for r in read(path)[1] if isinstance(r, OutcomeRecord)]
    again = [r.source_key for r in read(path)[1] if isinstance(r, OutcomeRecord)]
    assert first == again
    assert len(set(first)) == len(first)


def _other_exports() -> list[Path]:
    """Every other format's fixture: each leaf folder and each file in it."""
    web = {"ga4", "plausible", "matomo"}
    found: list[Path] = []
    for folder in sorted(p for p in FIXTURES.rglob("*") if p.is_dir()):
        if folder.relative_to(FIXTURES).parts[0] in web:
            continue
        files = [p for p in sorted(folder.iterdir()) if p.is_file()]
        found += [folder, *files] if files else []
    return found


@pytest.mark.parametrize("path", _other_exports(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_web_importers_claim_no_other_formats_fixture(path: Path) -> None:
    with Source.open(path) as source:
        assert [i.name for i in (GA4, PLAUSIBLE, MATOMO) if i.detect(source)] == []
