"""Golden counts for each pinned LinkedIn export era (tests/fixtures/linkedin/<era>/)."""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from ascent.domain.records import ActivityRecord, Note, OwnerRecord, Record, Rejected
from ascent.importers.linkedin import LINKEDIN
from ascent.importers.source import Source

FIXTURES = Path(__file__).parents[1] / "fixtures" / "linkedin"
ERAS = ("2018", "2018_sponsored", "2022", "2024", "2024_hidden_member", "2026", "excel_resaved")


def parse(path: Path) -> list[Record]:
    with Source.open(path) as source:
        return list(LINKEDIN.parse(source))


def summary(records: list[Record], root: str) -> dict[str, object]:
    owner = records[0]
    assert isinstance(owner, OwnerRecord)
    counts = Counter(r.kind for r in records if isinstance(r, ActivityRecord))
    return {
        "counts": dict(sorted(counts.items())),
        "rejected": sum(isinstance(r, Rejected) for r in records),
        "owner": {"name": owner.name, "profile_url": owner.profile_url, "headline": owner.headline},
        "notes": [f"{Path(n.file).name}: {n.message}" for n in records if isinstance(n, Note)],
    }


@pytest.mark.parametrize("era", ERAS)
def test_era_matches_its_golden_counts(era: str) -> None:
    expected = json.loads((FIXTURES / era / "expected.json").read_text(encoding="utf-8"))
    assert summary(parse(FIXTURES / era), era) == expected


@pytest.mark.parametrize("era", ERAS)
def test_owner_comes_first_and_only_once(era: str) -> None:
    records = parse(FIXTURES / era)
    assert isinstance(records[0], OwnerRecord)
    assert sum(isinstance(r, OwnerRecord) for r in records) == 1


@pytest.mark.parametrize("era", ERAS)
def test_source_keys_are_unique_and_stable(era: str) -> None:
    first = [r.source_key for r in parse(FIXTURES / era) if isinstance(r, ActivityRecord)]
    again = [r.source_key for r in parse(FIXTURES / era) if isinstance(r, ActivityRecord)]
    assert first == again
    assert len(set(first)) == len(first)


@pytest.mark.parametrize("era", ERAS)
def test_every_activity_is_linkedin_utc_and_keeps_its_raw_time(era: str) -> None:
    for record in parse(FIXTURES / era):
        if isinstance(record, ActivityRecord):
            assert record.channel == "linkedin"
            assert record.occurred_at.utcoffset() is not None
            assert record.occurred_at.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
            assert record.raw_time


def test_zip_with_an_extra_top_folder_reads_like_the_folder(tmp_path: Path) -> None:
    archive = tmp_path / "Complete_LinkedInDataExport_09-12-2022.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted((FIXTURES / "2022").iterdir()):
            zf.write(path, f"Complete_LinkedInDataExport_09-12-2022 (1)/{path.name}")
    with Source.open(archive) as source:
        assert LINKEDIN.detect(source)
        records = list(LINKEDIN.parse(source))
    expected = json.loads((FIXTURES / "2022" / "expected.json").read_text(encoding="utf-8"))
    assert summary(records, "2022") == expected
    rejected = next(r for r in records if isinstance(r, Rejected))
    assert rejected.file == (
        f"{archive.name}:Complete_LinkedInDataExport_09-12-2022 (1)/Connections.csv"
    )


@pytest.mark.parametrize(
    "name",
    [
        "connections.csv",
        "MESSAGES.CSV",
        "Invitations.csv",
        "Shares.csv",
        "Comments.csv",
        "Reactions.csv",
        "Profile.csv",
    ],
)
def test_detects_any_known_file_by_base_name_in_any_case(tmp_path: Path, name: str) -> None:
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / name).write_text("x\n", encoding="utf-8")
    assert LINKEDIN.detect(Source.open(tmp_path))


def test_does_not_detect_other_exports_or_sibling_message_files(tmp_path: Path) -> None:
    for name in ("coach_messages.csv", "guide_messages.csv", "tweets.js", "deals.csv"):
        (tmp_path / name).write_text("x\n", encoding="utf-8")
    assert not LINKEDIN.detect(Source.open(tmp_path))


def test_importer_names() -> None:
    assert (LINKEDIN.name, LINKEDIN.channel) == ("linkedin", "linkedin")
