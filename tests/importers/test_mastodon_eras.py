"""Golden counts for each pinned Mastodon archive era (tests/fixtures/mastodon/<era>/).

2022 is the tar.gz era (before 4.2.0): the fixture is the unpacked folder and the archive is
built from it here, as Mastodon's ``BackupService`` wrote it (no top folder). 2024 is the ZIP
era, with the separate ``following_accounts.csv`` export beside the archive's files.
"""

from __future__ import annotations

import json
import tarfile
import zipfile
from collections import Counter
from pathlib import Path, PurePosixPath

import pytest

from ascent.domain.records import (
    ActivityRecord,
    ContactRecord,
    Note,
    OwnerRecord,
    Record,
    Rejected,
)
from ascent.importers.mastodon import MASTODON
from ascent.importers.source import Source

FIXTURES = Path(__file__).parents[1] / "fixtures" / "mastodon"
ERAS = ("2022", "2024")
#: the archive proper; following_accounts.csv is a separate download
ARCHIVE_FILES = ("outbox.json", "likes.json", "bookmarks.json", "actor.json", "avatar.png")


def parse(path: Path) -> list[Record]:
    with Source.open(path) as source:
        return list(MASTODON.parse(source))


def member(label: str) -> str:
    """``archive.zip:top/likes.json`` or ``/a/b/likes.json`` → ``likes.json``."""
    return PurePosixPath(label.rsplit(":", 1)[-1].replace("\\", "/")).name


def summary(records: list[Record]) -> dict[str, object]:
    owner = records[0]
    assert isinstance(owner, OwnerRecord)
    counts = Counter(r.kind for r in records if isinstance(r, ActivityRecord))
    contacts = [r.contact for r in records if isinstance(r, ContactRecord)]
    return {
        "counts": dict(sorted(counts.items())),
        "rejected": sum(isinstance(r, Rejected) for r in records),
        "owner": {"name": owner.name, "profile_url": owner.profile_url},
        "contacts": sorted(f"{c.handle} {c.profile_url}" for c in contacts),
        "notes": [f"{member(n.file)}: {n.message}" for n in records if isinstance(n, Note)],
    }


def expected(era: str) -> dict[str, object]:
    return json.loads((FIXTURES / era / "expected.json").read_text(encoding="utf-8"))


def archive_files(era: str) -> list[Path]:
    """What Mastodon puts in the archive, in its order: media first (tar era), then JSON."""
    folder = FIXTURES / era
    media = sorted(p for p in (folder / "media_attachments").rglob("*") if p.is_file())
    return media + [folder / name for name in ARCHIVE_FILES]


def build_tar_gz(era: str, target: Path) -> Path:
    with tarfile.open(target, "w:gz") as tar:
        for path in archive_files(era):
            tar.add(path, path.relative_to(FIXTURES / era).as_posix())
    return target


def build_zip(era: str, target: Path, extra: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in archive_files(era) + [FIXTURES / era / name for name in extra]:
            zf.write(path, path.relative_to(FIXTURES / era).as_posix())
    return target


@pytest.mark.parametrize("era", ERAS)
def test_unpacked_era_matches_its_golden_summary(era: str) -> None:
    assert summary(parse(FIXTURES / era)) == expected(era)


def test_2022_tar_gz_archive_reads_like_its_folder(tmp_path: Path) -> None:
    archive = build_tar_gz("2022", tmp_path / "archive-20221120094512-1f2e3d4c5b6a.tar.gz")
    records = parse(archive)
    assert summary(records) == expected("2022")
    note = next(r for r in records if isinstance(r, Note))
    assert note.file == "archive-20221120094512-1f2e3d4c5b6a.tar.gz:likes.json"


def test_2024_zip_archive_with_the_csv_export_inside_reads_like_its_folder(
    tmp_path: Path,
) -> None:
    archive = build_zip(
        "2024", tmp_path / "archive-20240320101010-9f8e7d6c.zip", ("following_accounts.csv",)
    )
    assert summary(parse(archive)) == expected("2024")


def test_zip_with_a_top_folder_is_read_by_base_name(tmp_path: Path) -> None:
    archive = tmp_path / "mastodon.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in archive_files("2024"):
            zf.write(path, f"archive-2024/{path.relative_to(FIXTURES / '2024').as_posix()}")
        zf.write(FIXTURES / "2024" / "following_accounts.csv", "following_accounts.csv")
    assert summary(parse(archive)) == expected("2024")


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
def test_every_activity_is_mastodon_utc_and_keeps_its_raw_time(era: str) -> None:
    for record in parse(FIXTURES / era):
        if isinstance(record, ActivityRecord):
            assert record.channel == "mastodon"
            offset = record.occurred_at.utcoffset()
            assert offset is not None
            assert offset.total_seconds() == 0
            assert record.raw_time.endswith("Z")


@pytest.mark.parametrize("era", ERAS)
def test_the_owner_is_never_a_counterpart(era: str) -> None:
    owner = expected(era)["owner"]["profile_url"]  # type: ignore[index]
    refs = [r.contact for r in parse(FIXTURES / era) if isinstance(r, ContactRecord)]
    refs += [r.contact for r in parse(FIXTURES / era) if isinstance(r, ActivityRecord)]
    assert owner not in {ref.profile_url for ref in refs if ref is not None}
