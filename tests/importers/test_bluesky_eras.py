"""Golden output for each pinned Bluesky repository export (tests/fixtures/bluesky/<era>/)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from ascent.domain.records import (
    ActivityRecord,
    ContactRecord,
    ContactRef,
    Note,
    OwnerRecord,
    Record,
    Rejected,
)
from ascent.importers.bluesky import BLUESKY
from ascent.importers.bluesky.car import read_repo
from ascent.importers.bluesky.mst import walk
from ascent.importers.source import Source

FIXTURES = Path(__file__).parents[1] / "fixtures" / "bluesky"
ERAS = ("2023", "2024")


def parse(path: Path) -> list[Record]:
    with Source.open(path) as source:
        assert BLUESKY.detect(source)
        return list(BLUESKY.parse(source))


def identity(ref: ContactRef | None) -> str | None:
    return None if ref is None else ref.uid or ref.handle


def summary(records: list[Record], car: Path) -> dict[str, object]:
    owner = records[0]
    assert isinstance(owner, OwnerRecord)
    activities = [r for r in records if isinstance(r, ActivityRecord)]
    counts = Counter(r.kind for r in activities)
    return {
        "counts": dict(sorted(counts.items())),
        "rejected": sum(isinstance(r, Rejected) for r in records),
        "owner": {"name": owner.name, "profile_url": owner.profile_url},
        "notes": [n.message for n in records if isinstance(n, Note)],
        "contacts": [identity(r.contact) for r in records if isinstance(r, ContactRecord)],
        "counterparts": dict(
            sorted(
                Counter(f"{r.kind} {identity(r.contact)}" for r in activities if r.contact).items()
            )
        ),
        "keys": [key for key, _ in walk(read_repo(car.read_bytes(), str(car)))],
    }


@pytest.mark.parametrize("era", ERAS)
def test_era_matches_its_golden_output(era: str) -> None:
    expected = json.loads((FIXTURES / era / "expected.json").read_text(encoding="utf-8"))
    car = FIXTURES / era / "repo.car"
    assert summary(parse(car), car) == expected


@pytest.mark.parametrize("era", ERAS)
def test_owner_comes_first_and_only_once(era: str) -> None:
    records = parse(FIXTURES / era / "repo.car")
    assert isinstance(records[0], OwnerRecord)
    assert sum(isinstance(r, OwnerRecord) for r in records) == 1


@pytest.mark.parametrize("era", ERAS)
def test_source_keys_are_at_uris_unique_and_stable(era: str) -> None:
    first = [
        r.source_key for r in parse(FIXTURES / era / "repo.car") if isinstance(r, ActivityRecord)
    ]
    again = [
        r.source_key for r in parse(FIXTURES / era / "repo.car") if isinstance(r, ActivityRecord)
    ]
    assert first == again
    assert len(set(first)) == len(first)
    assert all(k.startswith("at://did:plc:") and k.count("/") == 4 for k in first)


@pytest.mark.parametrize("era", ERAS)
def test_every_activity_is_bluesky_utc_with_raw_time_and_never_the_owner(era: str) -> None:
    records = parse(FIXTURES / era / "repo.car")
    owner_did = records[0].profile_url.rsplit("/", 1)[1]  # type: ignore[union-attr]
    for record in records:
        if isinstance(record, ActivityRecord):
            assert record.channel == "bluesky"
            assert record.occurred_at.utcoffset() is not None
            assert record.occurred_at.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
            assert record.raw_time
        if isinstance(record, ActivityRecord | ContactRecord) and record.contact:
            assert record.contact.uid != owner_did
