"""Mastodon archives through the whole stack: golden counts per era, idempotent, atomic."""

from __future__ import annotations

import io
import json
import shutil
import tarfile
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from ascent.bootstrap import scoped_unit_of_work
from ascent.errors import InputError
from ascent.service.imports import import_paths
from ascent.store.models import Activity, ContactIdentity, Person

ERAS = Path(__file__).resolve().parents[1] / "fixtures" / "mastodon"
ARCHIVE_FILES = ("outbox.json", "likes.json", "bookmarks.json", "actor.json", "avatar.png")


def _files(era: str) -> list[Path]:
    folder = ERAS / era
    media = sorted(p for p in (folder / "media_attachments").rglob("*") if p.is_file())
    return media + [folder / name for name in ARCHIVE_FILES]


def _tar_gz(era: str, target: Path) -> Path:
    with tarfile.open(target, "w:gz") as tar:
        for path in _files(era):
            tar.add(path, path.relative_to(ERAS / era).as_posix())
    return target


def _zip(era: str, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in [*_files(era), ERAS / era / "following_accounts.csv"]:
            if path.exists():
                zf.write(path, path.relative_to(ERAS / era).as_posix())
    return target


def _archive(era: str, tmp_path: Path) -> Path:
    """Each era in the container Mastodon gave it: tar.gz before 4.2.0, ZIP after."""
    if era == "2022":
        return _tar_gz(era, tmp_path / "archive-20221120094512-1f2e3d4c5b6a.tar.gz")
    return _zip(era, tmp_path / "archive-20240320101010-9f8e7d6c5b4a.zip")


def _expected(era: str) -> dict[str, object]:
    return json.loads((ERAS / era / "expected.json").read_text(encoding="utf-8"))


def _count(engine: Engine, what: object = None) -> int:
    query = select(what if what is not None else func.count()).select_from(Activity)
    with engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


@pytest.mark.parametrize("era", ["2022", "2024"])
def test_era_imports_golden_counts_then_nothing_twice(
    engine: Engine, tmp_path: Path, era: str
) -> None:
    expected = _expected(era)
    export = _archive(era, tmp_path)
    with scoped_unit_of_work(engine, write=True) as uow:
        first = import_paths(uow, paths=[export], person="ada@demo.example").to_dict()
    assert (first["files"][0]["format"], first["counts"]) == ("mastodon", expected["counts"])
    assert len(first["skipped"]) == expected["rejected"]
    assert [n["message"] for n in first["notes"]] == [
        n.split(": ", 1)[1]
        for n in expected["notes"]  # type: ignore[attr-defined]
    ]
    with scoped_unit_of_work(engine, write=True) as uow:
        second = import_paths(uow, paths=[export], person="ada@demo.example").to_dict()
    total = sum(expected["counts"].values())  # type: ignore[attr-defined]
    assert (second["added"], second["duplicates"]) == (0, total)
    assert _count(engine) == total


def test_folder_then_tar_gz_of_the_same_archive_adds_nothing(
    engine: Engine, tmp_path: Path
) -> None:
    with scoped_unit_of_work(engine, write=True) as uow:
        import_paths(uow, paths=[ERAS / "2022"], person="ada@demo.example")
    with scoped_unit_of_work(engine, write=True) as uow:
        again = import_paths(uow, paths=[_archive("2022", tmp_path)], person="ada@demo.example")
    assert again.to_dict()["added"] == 0


def test_the_owner_becomes_the_person_with_the_actor_url(engine: Engine) -> None:
    with scoped_unit_of_work(engine, write=True) as uow:
        report = import_paths(uow, paths=[ERAS / "2024"])
        person = uow.session.execute(select(Person.name, Person.profile_url)).one()
    assert report.person == "Ada Example"
    assert tuple(person) == ("Ada Example", "https://toot.example/users/ada")


def test_counterparts_are_one_contact_each_with_url_and_address(engine: Engine) -> None:
    with scoped_unit_of_work(engine, write=True) as uow:
        import_paths(uow, paths=[ERAS / "2022"], person="ada@demo.example")
    assert _count(engine, func.count(func.distinct(Activity.contact_id))) == 5  # + gil
    bob = select(ContactIdentity.contact_id).where(
        ContactIdentity.value == "https://bob.example/users/bob"
    )
    with engine.connect() as connection:
        kinds = connection.execute(
            select(ContactIdentity.kind, ContactIdentity.value).where(
                ContactIdentity.contact_id == bob.scalar_subquery()
            )
        ).all()
    assert sorted(tuple(k) for k in kinds) == [
        ("handle", "mastodon:@bob@bob.example"),
        ("profile_url", "https://bob.example/users/bob"),
    ]


def test_the_following_export_alone_imports_no_activities(engine: Engine) -> None:
    with scoped_unit_of_work(engine, write=True) as uow:
        report = import_paths(
            uow, paths=[ERAS / "2024" / "following_accounts.csv"], person="ada@demo.example"
        ).to_dict()
    assert (report["files"][0]["format"], report["added"]) == ("mastodon", 0)
    assert [n["message"] for n in report["notes"]] == [
        "4 followed accounts kept as contacts: the export gives no follow dates, "
        "so no connect activities are made"
    ]


def _good(tmp_path: Path) -> Path:
    good = tmp_path / "good"
    shutil.copytree(ERAS / "2024", good)
    return good


def _cut(whole: Path, target: Path) -> Path:
    target.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    return target


@pytest.mark.parametrize("kind", ["zip", "tar.gz"])
def test_a_truncated_archive_is_one_error_and_writes_nothing(
    engine: Engine, tmp_path: Path, kind: str
) -> None:
    whole = _archive("2024" if kind == "zip" else "2022", tmp_path)
    broken = _cut(whole, tmp_path / f"archive-20240101000000-cut.{kind}")
    with scoped_unit_of_work(engine, write=True) as uow, pytest.raises(InputError) as caught:
        import_paths(uow, paths=[_good(tmp_path), broken], person="ada@demo.example")
    assert caught.value.file.endswith(f"archive-20240101000000-cut.{kind}")
    assert "\n" not in str(caught.value)
    assert _count(engine) == 0


@pytest.mark.parametrize(
    ("outbox", "reason"),
    [
        (
            b'{"@context":["https://www.w3.org/ns/activitystreams"],"orderedItems":[{"id":',
            "broken JSON",
        ),
        (
            b'{"@context":["https://www.w3.org/ns/activitystreams"],"type":"OrderedCollection"}',
            "not an ActivityPub collection",
        ),
    ],
)
def test_a_broken_outbox_is_one_error_naming_it_and_writes_nothing(
    engine: Engine, tmp_path: Path, outbox: bytes, reason: str
) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(ERAS / "2022", bad)
    (bad / "outbox.json").write_bytes(outbox)
    with scoped_unit_of_work(engine, write=True) as uow, pytest.raises(InputError) as caught:
        import_paths(uow, paths=[_good(tmp_path), bad], person="ada@demo.example")
    assert Path(caught.value.file).name == "outbox.json"
    assert caught.value.reason.startswith(reason)
    assert _count(engine) == 0


def test_a_broken_member_of_a_tar_gz_names_the_archive_and_member(
    engine: Engine, tmp_path: Path
) -> None:
    target = tmp_path / "archive.tar.gz"
    with tarfile.open(target, "w:gz") as tar:
        for name, data in (
            ("actor.json", (ERAS / "2022" / "actor.json").read_bytes()),
            ("outbox.json", b'{"@context":"x","orderedItems":['),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    with (
        scoped_unit_of_work(engine, write=True) as uow,
        pytest.raises(InputError, match="broken JSON") as caught,
    ):
        import_paths(uow, paths=[target], person="ada@demo.example")
    assert caught.value.file == "archive.tar.gz:outbox.json"
    assert _count(engine) == 0
