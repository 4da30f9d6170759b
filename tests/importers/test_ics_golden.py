"""Golden output for each pinned calendar export (tests/fixtures/ics/<variant>/expected.json)."""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from ascent.domain.records import (
    ActivityRecord,
    Note,
    OutcomeRecord,
    OwnerRecord,
    Record,
    Rejected,
)
from ascent.importers.ics import ICS
from ascent.importers.source import Source

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ics"
VARIANTS = ("google", "outlook")


def parse(path: Path) -> list[Record]:
    with Source.open(path) as source:
        return list(ICS.parse(source))


def expected(variant: str) -> dict[str, Any]:
    return json.loads((FIXTURES / variant / "expected.json").read_text(encoding="utf-8"))


def summary(records: list[Record]) -> dict[str, Any]:
    owner = records[0]
    assert isinstance(owner, OwnerRecord)
    meetings = [r for r in records if isinstance(r, ActivityRecord)]
    per_contact = Counter(r.contact.email for r in meetings if r.contact)
    names = {r.contact.email: r.contact.name for r in meetings if r.contact}
    kinds = Counter(r.kind for r in records if isinstance(r, ActivityRecord | OutcomeRecord))
    return {
        "owner": {"email": owner.email, "name": owner.name},
        "counts": dict(sorted(kinds.items())),
        "rejected": sum(isinstance(r, Rejected) for r in records),
        "notes": [f"{Path(n.file).name}: {n.message}" for n in records if isinstance(n, Note)],
        "contacts": {e: {"name": names[e], "meetings": n} for e, n in sorted(per_contact.items())},
    }


@pytest.mark.parametrize("variant", VARIANTS)
def test_variant_matches_its_golden_summary(variant: str) -> None:
    golden = expected(variant)
    assert summary(parse(FIXTURES / variant)) == {
        k: golden[k] for k in ("owner", "counts", "rejected", "notes", "contacts")
    }


@pytest.mark.parametrize("variant", VARIANTS)
def test_chosen_occurrences_have_their_exact_utc_time_and_raw_text(variant: str) -> None:
    meetings = {r.source_key: r for r in parse(FIXTURES / variant) if isinstance(r, ActivityRecord)}
    found = {
        key: [meetings[key].occurred_at.isoformat(), meetings[key].raw_time]
        for key in expected(variant)["occurrences"]
        if key in meetings
    }
    assert found == expected(variant)["occurrences"]


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_booking_has_its_time_and_first_external_contact(variant: str) -> None:
    bookings = {
        r.source_key: [
            r.occurred_at.isoformat(),
            r.raw_time,
            r.contact.email if r.contact else None,
        ]
        for r in parse(FIXTURES / variant)
        if isinstance(r, OutcomeRecord)
    }
    assert bookings == expected(variant)["bookings"]


@pytest.mark.parametrize("variant", VARIANTS)
def test_owner_comes_first_and_only_once(variant: str) -> None:
    records = parse(FIXTURES / variant)
    assert isinstance(records[0], OwnerRecord)
    assert sum(isinstance(r, OwnerRecord) for r in records) == 1


@pytest.mark.parametrize("variant", VARIANTS)
def test_source_keys_are_unique_and_stable(variant: str) -> None:
    def keys() -> list[str]:
        return [
            r.source_key
            for r in parse(FIXTURES / variant)
            if isinstance(r, ActivityRecord | OutcomeRecord)
        ]

    first = keys()
    assert first == keys()
    assert len(set(first)) == len(first)


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_meeting_is_on_the_meeting_channel_in_utc(variant: str) -> None:
    for record in parse(FIXTURES / variant):
        if isinstance(record, ActivityRecord):
            assert (record.channel, record.kind) == ("meeting", "meeting")
            assert record.occurred_at.utcoffset() is not None
            assert record.occurred_at.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
            assert record.raw_time


def test_zip_of_a_takeout_calendar_folder_reads_like_the_file(tmp_path: Path) -> None:
    archive = tmp_path / "takeout-20241120T101500Z-001.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(
            FIXTURES / "google" / "ada@northwind.example.ics",
            "Takeout/Calendar/ada@northwind.example.ics",
        )
    records = parse(archive)
    assert summary(records)["counts"] == expected("google")["counts"]
    note = next(r for r in records if isinstance(r, Note))
    assert note.file == f"{archive.name}:Takeout/Calendar/ada@northwind.example.ics"


def test_importer_names() -> None:
    assert (ICS.name, ICS.channel) == ("ics", "meeting")
