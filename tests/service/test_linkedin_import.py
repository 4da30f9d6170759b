"""LinkedIn exports through the whole stack: golden counts per era, idempotent, atomic."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from ascent.bootstrap import scoped_unit_of_work
from ascent.errors import InputError
from ascent.service.imports import import_paths
from ascent.store.models import Activity, Contact, Person

ERAS = Path(__file__).resolve().parents[1] / "fixtures" / "linkedin"


def _zip(folder: Path, target: Path, top: str | None = None) -> Path:
    with zipfile.ZipFile(target, "w") as zf:
        for path in sorted(folder.iterdir()):
            if path.name != "expected.json":
                zf.write(path, f"{top}/{path.name}" if top else path.name)
    return target


def _activities(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(Activity)).scalar_one())


@pytest.mark.parametrize("era", sorted(p.name for p in ERAS.iterdir() if p.is_dir()))
def test_era_imports_golden_counts_then_nothing_twice(
    engine: Engine, tmp_path: Path, era: str
) -> None:
    expected = json.loads((ERAS / era / "expected.json").read_text(encoding="utf-8"))
    export = _zip(
        ERAS / era,
        tmp_path / "Complete_LinkedInDataExport_11-20-2026.zip",
        top="Complete_LinkedInDataExport_11-20-2026 (1)",
    )
    with scoped_unit_of_work(engine, write=True) as uow:
        first = import_paths(uow, paths=[export], person="ada@demo.example").to_dict()
    assert first["counts"] == expected["counts"]
    assert len(first["skipped"]) == expected["rejected"]
    with scoped_unit_of_work(engine, write=True) as uow:
        second = import_paths(uow, paths=[export], person="ada@demo.example").to_dict()
    assert (second["added"], second["counts"]) == (0, {})
    assert second["duplicates"] == sum(expected["counts"].values())
    assert _activities(engine) == sum(expected["counts"].values())


def test_owner_becomes_the_person_and_keeps_profile_url(engine: Engine) -> None:
    with scoped_unit_of_work(engine, write=True) as uow:
        report = import_paths(uow, paths=[ERAS / "2024"])
        person = uow.session.execute(select(Person.name, Person.profile_url)).one()
        contacts = uow.session.scalar(select(func.count()).select_from(Contact))
    assert report.person == "Ada Example"
    assert tuple(person) == ("Ada Example", "https://www.linkedin.com/in/ada-example-1a2b3c")
    assert contacts is not None
    assert contacts > 0


def test_folder_then_zip_of_the_same_export_adds_nothing(engine: Engine, tmp_path: Path) -> None:
    with scoped_unit_of_work(engine, write=True) as uow:
        import_paths(uow, paths=[ERAS / "2026"], person="ada@demo.example")
    with scoped_unit_of_work(engine, write=True) as uow:
        again = import_paths(
            uow, paths=[_zip(ERAS / "2026", tmp_path / "e.zip")], person="ada@demo.example"
        )
    assert again.to_dict()["added"] == 0


def test_truncated_zip_is_one_error_and_writes_nothing(engine: Engine, tmp_path: Path) -> None:
    whole = _zip(ERAS / "2026", tmp_path / "whole.zip")
    broken = tmp_path / "Complete_LinkedInDataExport_11-20-2026.zip"
    broken.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    good = tmp_path / "good"
    shutil.copytree(ERAS / "2024", good)
    with (
        scoped_unit_of_work(engine, write=True) as uow,
        pytest.raises(InputError, match="Complete_LinkedInDataExport"),
    ):
        import_paths(uow, paths=[good, broken], person="ada@demo.example")
    assert _activities(engine) == 0


def test_exports_of_two_people_in_one_command_go_to_their_owners(
    engine: Engine, tmp_path: Path
) -> None:
    bea = tmp_path / "bea"
    shutil.copytree(ERAS / "2024", bea)
    profile = (bea / "Profile.csv").read_text(encoding="utf-8")
    (bea / "Profile.csv").write_text(profile.replace("Ada,Example", "Bea,Sample"), "utf-8")
    with scoped_unit_of_work(engine, write=True) as uow:
        import_paths(uow, paths=[ERAS / "2026", bea])
    with engine.connect() as connection:
        rows = connection.execute(
            select(Person.name, func.count(Activity.id))
            .join(Activity, Activity.person_id == Person.id)
            .group_by(Person.name)
            .order_by(Person.name)
        ).all()
    counts = {
        era: sum(json.loads((ERAS / era / "expected.json").read_text())["counts"].values())
        for era in ("2024", "2026")
    }
    assert [tuple(r) for r in rows] == [
        ("Ada Example", counts["2026"]),
        ("Bea Sample", counts["2024"]),
    ]
