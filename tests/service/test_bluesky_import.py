"""Bluesky repository CARs through the whole stack: golden counts, idempotent, atomic."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from ascent.bootstrap import scoped_unit_of_work
from ascent.errors import InputError
from ascent.service.imports import import_paths
from ascent.store.models import Activity, ImportBatch, Person

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bluesky"
ERAS = ("2023", "2024")


def _count(engine: Engine, model: type) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(model)).scalar_one())


@pytest.mark.parametrize("era", ERAS)
def test_era_imports_golden_counts_then_nothing_twice(
    engine: Engine, tmp_path: Path, era: str
) -> None:
    expected = json.loads((FIXTURES / era / "expected.json").read_text(encoding="utf-8"))
    export = tmp_path / "ada-repo-2024-05-01.car"
    shutil.copy(FIXTURES / era / "repo.car", export)
    with scoped_unit_of_work(engine, write=True) as uow:
        first = import_paths(uow, paths=[export], person="ada@demo.example").to_dict()
    assert first["files"] == [{"path": str(export), "format": "bluesky"}]
    assert first["counts"] == expected["counts"]
    assert len(first["skipped"]) == expected["rejected"]
    assert [n["message"] for n in first["notes"]] == expected["notes"]
    with scoped_unit_of_work(engine, write=True) as uow:
        second = import_paths(uow, paths=[export], person="ada@demo.example").to_dict()
    assert (second["added"], second["counts"]) == (0, {})
    assert second["duplicates"] == sum(expected["counts"].values())
    assert _count(engine, Activity) == sum(expected["counts"].values())


def test_owner_becomes_the_person_with_the_bsky_profile_url(engine: Engine) -> None:
    with scoped_unit_of_work(engine, write=True) as uow:
        report = import_paths(uow, paths=[FIXTURES / "2024" / "repo.car"])
        person = uow.session.execute(select(Person.name, Person.profile_url)).one()
    assert report.person == "Ada Example"
    url = "https://bsky.app/profile/did:plc:adaexample23456723456723"
    assert tuple(person) == ("Ada Example", url)


def _truncated(path: Path) -> None:
    path.write_bytes((FIXTURES / "2024" / "repo.car").read_bytes()[:5000])


def _garbage(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04 this is not a CAR at all " * 8)


def _varint(data: bytes, at: int) -> tuple[int, int]:
    """The unsigned LEB128 varint at ``data[at:]``: (value, offset after it)."""
    value, shift = 0, 0
    while data[at] & 0x80:
        value, shift, at = value | (data[at] & 0x7F) << shift, shift + 7, at + 1
    return value | data[at] << shift, at + 1


def _root_missing(path: Path) -> None:
    """The export with its first block, the commit, cut out."""
    data = (FIXTURES / "2024" / "repo.car").read_bytes()
    size, start = _varint(data, 0)
    commit_size, commit_start = _varint(data, start + size)
    path.write_bytes(data[: start + size] + data[commit_start + commit_size :])


@pytest.mark.parametrize("damage", [_truncated, _garbage, _root_missing])
def test_malformed_car_is_one_error_naming_the_file_and_writes_nothing(
    engine: Engine, tmp_path: Path, damage: object
) -> None:
    good = tmp_path / "good.car"
    shutil.copy(FIXTURES / "2023" / "repo.car", good)
    broken = tmp_path / "bsky-export.car"
    damage(broken)  # type: ignore[operator]
    with scoped_unit_of_work(engine, write=True) as uow, pytest.raises(InputError) as caught:
        import_paths(uow, paths=[good, broken], person="ada@demo.example")
    assert str(caught.value).startswith(f"{broken}: broken CAR (")
    if damage is _root_missing:
        assert "root block bafyrei" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert (_count(engine, Activity), _count(engine, ImportBatch)) == (0, 0)
