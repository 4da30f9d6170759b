"""Golden output of each pinned CRM export (tests/fixtures/{hubspot,salesforce,pipedrive}/…)."""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from ascent.domain.records import ContactRecord, Note, OutcomeRecord, OwnerRecord, Record, Rejected
from ascent.errors import InputError
from ascent.importers.base import Importer
from ascent.importers.crm.hubspot import HUBSPOT
from ascent.importers.crm.pipedrive import PIPEDRIVE
from ascent.importers.crm.salesforce import SALESFORCE
from ascent.importers.registry import detect_format
from ascent.importers.source import Source

FIXTURES = Path(__file__).parents[1] / "fixtures"
EXPORTS: dict[str, Importer] = {
    "hubspot/2024": HUBSPOT,
    "salesforce/en_US": SALESFORCE,
    "salesforce/de": SALESFORCE,
    "pipedrive/2024": PIPEDRIVE,
    "pipedrive/xlsx": PIPEDRIVE,
}


def parse(path: Path, importer: Importer) -> list[Record]:
    with Source.open(path) as source:
        return list(importer.parse(source))


def summary(records: list[Record]) -> dict[str, object]:
    """What a golden ``expected.json`` pins: counts, amounts, owners, rejections, notes."""
    outcomes = [r for r in records if isinstance(r, OutcomeRecord)]
    counts = Counter(r.kind for r in outcomes)
    contacts = sum(isinstance(r, ContactRecord) for r in records)
    if contacts:
        counts["contacts"] = contacts
    amounts: Counter[str] = Counter()
    for r in outcomes:
        if r.amount is not None:
            amounts[r.kind] += r.amount
    owners = Counter(r.person or "(the import's person)" for r in outcomes)
    return {
        "counts": dict(sorted(counts.items())),
        "amounts": {k: round(v, 2) for k, v in sorted(amounts.items())},
        "owners": dict(sorted(owners.items())),
        "rejected": [
            f"{Path(r.file).name}:{r.line}: {r.reason}" for r in records if isinstance(r, Rejected)
        ],
        "notes": [f"{Path(n.file).name}: {n.message}" for n in records if isinstance(n, Note)],
    }


def expected(export: str) -> dict[str, object]:
    return json.loads((FIXTURES / export / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("export", EXPORTS)
def test_export_matches_its_golden_summary(export: str) -> None:
    assert summary(parse(FIXTURES / export, EXPORTS[export])) == expected(export)


@pytest.mark.parametrize("export", EXPORTS)
def test_the_registry_picks_this_importer(export: str) -> None:
    with Source.open(FIXTURES / export) as source:
        assert detect_format(source).name == EXPORTS[export].name


@pytest.mark.parametrize("export", EXPORTS)
def test_keys_are_unique_and_stable_across_parses(export: str) -> None:
    def keys() -> list[str]:
        records = parse(FIXTURES / export, EXPORTS[export])
        return [r.source_key for r in records if isinstance(r, OutcomeRecord)]

    first = keys()
    assert first == keys()
    assert len(set(first)) == len(first)


@pytest.mark.parametrize("export", EXPORTS)
def test_outcomes_are_utc_keep_raw_time_and_match_owners(export: str) -> None:
    outcomes = [
        r for r in parse(FIXTURES / export, EXPORTS[export]) if isinstance(r, OutcomeRecord)
    ]
    assert outcomes
    for record in outcomes:
        assert record.occurred_at.utcoffset() is not None
        assert record.occurred_at.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
        assert record.raw_time
        assert record.match_person is (record.person is not None)
        assert record.kind != "deal_lost" or record.amount is None


@pytest.mark.parametrize("export", EXPORTS)
def test_no_owner_record_a_crm_export_belongs_to_a_team(export: str) -> None:
    assert not any(isinstance(r, OwnerRecord) for r in parse(FIXTURES / export, EXPORTS[export]))


@pytest.mark.parametrize("export", ["hubspot/2024", "salesforce/de", "pipedrive/2024"])
def test_a_zip_with_a_top_folder_reads_like_the_folder(tmp_path: Path, export: str) -> None:
    archive = tmp_path / "crm-export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted((FIXTURES / export).iterdir()):
            if path.name != "expected.json":
                zf.write(path, f"export (1)/{path.name}")
        zf.writestr("__MACOSX/export (1)/._deals.csv", b"\x00\x05\x16\x07")
    with Source.open(archive) as source:
        assert detect_format(source).name == EXPORTS[export].name
        records = list(EXPORTS[export].parse(source))
    assert summary(records) == expected(export)
    labels = {r.file for r in records if isinstance(r, Rejected | Note)}
    assert all(label.startswith("crm-export.zip:export (1)/") for label in labels)


def test_importer_names_and_channel() -> None:
    assert [(i.name, i.channel) for i in (HUBSPOT, SALESFORCE, PIPEDRIVE)] == [
        ("hubspot", "crm"),
        ("salesforce", "crm"),
        ("pipedrive", "crm"),
    ]


def _foreign_exports() -> list[Path]:
    """Every other pinned export: LinkedIn eras, Ascent CSV, web analytics, the other CRMs."""
    found = sorted(p for p in (FIXTURES / "linkedin").iterdir() if p.is_dir())
    found += sorted((FIXTURES / "ascent_csv").glob("*.csv"))
    for web in ("ga4", "matomo", "plausible"):
        found += sorted(p for p in (FIXTURES / web).glob("*") if p.name != "expected.json")
    return found


@pytest.mark.parametrize("importer", [HUBSPOT, SALESFORCE, PIPEDRIVE], ids=lambda i: i.name)
def test_claims_no_other_format(importer: Importer) -> None:
    others = _foreign_exports() + [FIXTURES / e for e, i in EXPORTS.items() if i is not importer]
    claimed = []
    for path in others:
        try:
            source = Source.open(path)
        except InputError:  # a deliberately broken fixture of another format
            continue
        with source:
            if importer.detect(source):
                claimed.append(path.relative_to(FIXTURES).as_posix())
    assert claimed == []
