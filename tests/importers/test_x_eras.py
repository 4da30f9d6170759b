"""Golden output for each pinned X archive generation (tests/fixtures/x/<era>/)."""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from ascent.domain.records import (
    ActivityRecord,
    ContactRecord,
    Note,
    OwnerRecord,
    Record,
    Rejected,
)
from ascent.importers.linkedin import LINKEDIN
from ascent.importers.source import Source
from ascent.importers.x import X_ARCHIVE

FIXTURES = Path(__file__).parents[1] / "fixtures" / "x"
ERAS = ("2019", "2022", "2023")
TOP = "twitter-2023-03-20-5f1c0e9a7b2d4c6e8f0a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e"


def parse(path: Path) -> list[Record]:
    with Source.open(path) as source:
        return list(X_ARCHIVE.parse(source))


def summary(records: list[Record]) -> dict[str, object]:
    owner = records[0]
    assert isinstance(owner, OwnerRecord)
    counts = Counter(r.kind for r in records if isinstance(r, ActivityRecord))
    return {
        "counts": dict(sorted(counts.items())),
        "rejected": sum(isinstance(r, Rejected) for r in records),
        "owner": {"name": owner.name, "profile_url": owner.profile_url, "email": owner.email},
        "contacts": [
            [r.contact.handle, r.contact.uid] for r in records if isinstance(r, ContactRecord)
        ],
        "notes": [f"{Path(n.file).name}: {n.message}" for n in records if isinstance(n, Note)],
    }


def golden(era: str) -> Any:
    return json.loads((FIXTURES / era / "expected.json").read_text(encoding="utf-8"))


def zip_era(era: str, target: Path, top: str | None = None) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted((FIXTURES / era).rglob("*")):
            if path.is_file() and path.name != "expected.json":
                name = path.relative_to(FIXTURES / era).as_posix()
                zf.write(path, f"{top}/{name}" if top else name)
    return target


@pytest.mark.parametrize("era", ERAS)
def test_era_matches_its_golden_output(era: str) -> None:
    assert summary(parse(FIXTURES / era)) == golden(era)


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
def test_every_activity_is_x_utc_and_keeps_its_raw_time(era: str) -> None:
    for record in parse(FIXTURES / era):
        if isinstance(record, ActivityRecord):
            assert record.channel == "x"
            assert record.occurred_at.utcoffset() is not None
            assert record.occurred_at.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
            assert record.raw_time


@pytest.mark.parametrize("era", ERAS)
def test_no_contact_is_the_owner(era: str) -> None:
    for record in parse(FIXTURES / era):
        contact = getattr(record, "contact", None)
        if contact is not None:
            assert contact.uid != "x:1021512369"
            assert contact.handle != "x:@ada_example"


def test_zip_with_the_twitter_top_folder_reads_like_the_folder(tmp_path: Path) -> None:
    archive = zip_era("2023", tmp_path / f"{TOP}.zip", top=TOP)
    with Source.open(archive) as source:
        assert X_ARCHIVE.detect(source)
        records = list(X_ARCHIVE.parse(source))
    assert summary(records) == golden("2023")
    note = next(r for r in records if isinstance(r, Note))
    assert note.file == f"{archive.name}:{TOP}/data/following.js"


def test_flat_2019_zip_reads_like_its_folder(tmp_path: Path) -> None:
    archive = zip_era("2019", tmp_path / "twitter-2019-06-01-0a1b2c.zip")
    assert summary(parse(archive)) == golden("2019")


@pytest.mark.parametrize(
    "name",
    [
        "manifest.js",
        "tweets.js",
        "TWEET.JS",
        "account.js",
        "direct-messages.js",
        "direct-message.js",
    ],
)
def test_detects_a_known_file_that_starts_like_x_writes_it(tmp_path: Path, name: str) -> None:
    head = "window.__THAR_CONFIG = {" if name == "manifest.js" else "window.YTD.x.part0 = ["
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / name).write_text("\ufeff" + head + " ]", encoding="utf-8")
    assert X_ARCHIVE.detect(Source.open(tmp_path))


def test_does_not_detect_same_named_files_of_other_kinds(tmp_path: Path) -> None:
    (tmp_path / "tweets.js").write_text("export const tweets = [];\n", encoding="utf-8")
    (tmp_path / "account.js").write_text('{"account": {}}', encoding="utf-8")
    (tmp_path / "like.js").write_text("window.YTD.like.part0 = [ ]", encoding="utf-8")
    assert not X_ARCHIVE.detect(Source.open(tmp_path))


def test_x_and_linkedin_do_not_claim_each_other() -> None:
    linkedin = Source.open(FIXTURES.parent / "linkedin" / "2024")
    assert not X_ARCHIVE.detect(linkedin)
    for era in ERAS:
        assert not LINKEDIN.detect(Source.open(FIXTURES / era))


def test_a_single_tweets_file_imports_without_an_owner() -> None:
    records = parse(FIXTURES / "2022" / "data" / "tweets.js")
    assert not any(isinstance(r, OwnerRecord) for r in records)
    kinds = Counter(r.kind for r in records if isinstance(r, ActivityRecord))
    # without account.js a thread cannot be told from a reply: the self-reply is a comment
    assert kinds == Counter({"comment": 3, "post": 1, "share": 1})


def test_importer_names() -> None:
    assert (X_ARCHIVE.name, X_ARCHIVE.channel) == ("x", "x")
