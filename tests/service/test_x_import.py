"""X archives through the whole stack: golden counts per generation, idempotent, atomic."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from ascent.bootstrap import scoped_unit_of_work
from ascent.errors import InputError
from ascent.service.imports import import_paths
from ascent.store.models import Activity, Person

ERAS = Path(__file__).resolve().parents[1] / "fixtures" / "x"
TOP = "twitter-2023-03-20-5f1c0e9a7b2d4c6e8f0a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e"


def _zip(folder: Path, target: Path, top: str | None = None) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.name != "expected.json":
                name = path.relative_to(folder).as_posix()
                zf.write(path, f"{top}/{name}" if top else name)
    return target


def _golden(era: str) -> Any:
    return json.loads((ERAS / era / "expected.json").read_text(encoding="utf-8"))


def _activities(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(Activity)).scalar_one())


@pytest.mark.parametrize("era", ["2019", "2022", "2023"])
def test_era_imports_golden_counts_then_nothing_twice(
    engine: Engine, tmp_path: Path, era: str
) -> None:
    expected = _golden(era)
    export = _zip(ERAS / era, tmp_path / f"{TOP}.zip", top=TOP)
    with scoped_unit_of_work(engine, write=True) as uow:
        first = import_paths(uow, paths=[export], person="ada@demo.example").to_dict()
    assert [f["format"] for f in first["files"]] == ["x"]
    assert first["counts"] == expected["counts"]
    assert len(first["skipped"]) == expected["rejected"]
    assert [
        Path(n["file"].split(":")[-1]).name + ": " + n["message"] for n in first["notes"]
    ] == expected["notes"]
    with scoped_unit_of_work(engine, write=True) as uow:
        second = import_paths(uow, paths=[export], person="ada@demo.example").to_dict()
    assert (second["added"], second["counts"]) == (0, {})
    assert second["duplicates"] == sum(expected["counts"].values())
    assert _activities(engine) == sum(expected["counts"].values())


def test_owner_becomes_the_person_with_the_x_profile_url(engine: Engine) -> None:
    with scoped_unit_of_work(engine, write=True) as uow:
        report = import_paths(uow, paths=[ERAS / "2022"])
        person = uow.session.execute(select(Person.name, Person.profile_url)).one()
    assert report.person == "Ada Example"
    assert tuple(person) == ("Ada Example", "https://x.com/ada_example")


def test_folder_then_zip_of_the_same_archive_adds_nothing(engine: Engine, tmp_path: Path) -> None:
    with scoped_unit_of_work(engine, write=True) as uow:
        import_paths(uow, paths=[ERAS / "2023"], person="ada@demo.example")
    with scoped_unit_of_work(engine, write=True) as uow:
        again = import_paths(
            uow, paths=[_zip(ERAS / "2023", tmp_path / "x.zip")], person="ada@demo.example"
        )
    assert again.to_dict()["added"] == 0


def test_truncated_zip_is_one_error_and_writes_nothing(engine: Engine, tmp_path: Path) -> None:
    whole = _zip(ERAS / "2023", tmp_path / "whole.zip", top=TOP)
    broken = tmp_path / f"{TOP}.zip"
    broken.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with scoped_unit_of_work(engine, write=True) as uow, pytest.raises(InputError) as caught:
        import_paths(uow, paths=[ERAS / "2022", broken], person="ada@demo.example")
    assert "\n" not in str(caught.value)
    assert TOP in str(caught.value)
    assert _activities(engine) == 0


def test_a_broken_data_file_is_one_error_naming_it_and_writes_nothing(
    engine: Engine, tmp_path: Path
) -> None:
    root = Path(shutil.copytree(ERAS / "2023", tmp_path / "archive"))
    part = root / "data" / "tweets-part1.js"
    part.write_text(part.read_text(encoding="utf-8")[:5000], encoding="utf-8")  # cut mid-tweet
    export = _zip(root, tmp_path / f"{TOP}.zip", top=TOP)
    with scoped_unit_of_work(engine, write=True) as uow, pytest.raises(InputError) as caught:
        import_paths(uow, paths=[ERAS / "2019", export], person="ada@demo.example")
    message = str(caught.value)
    assert message.startswith(f"{TOP}.zip:{TOP}/data/tweets-part1.js:")
    assert "broken JSON" in message
    assert "\n" not in message
    assert _activities(engine) == 0


def test_a_wrong_wrapper_is_one_error_naming_the_file_and_writes_nothing(
    engine: Engine, tmp_path: Path
) -> None:
    root = Path(shutil.copytree(ERAS / "2022", tmp_path / "archive"))
    tweets = root / "data" / "tweets.js"
    tweets.write_text(tweets.read_text(encoding="utf-8").replace("window.YTD.tweets.part0 = ", ""))
    with scoped_unit_of_work(engine, write=True) as uow, pytest.raises(InputError) as caught:
        import_paths(uow, paths=[root], person="ada@demo.example")
    assert str(caught.value) == (
        f"{tweets}: not an X archive data file (expected `window.YTD.tweets.part0 = [ … ]`)"
    )
    assert _activities(engine) == 0
