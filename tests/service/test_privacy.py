"""A person's data is theirs: Sam Steady's export on the demo, then his erasure, counted
table by table (every table of the database, so that a new one cannot escape the count)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, func, inspect, select, text, update

from ascent.bootstrap import unit_of_work
from ascent.errors import NotFound
from ascent.service import privacy
from ascent.service.erasure import erase_person
from ascent.service.pauses import log_pause
from ascent.service.privacy import SECTIONS, export_person
from ascent.service.users import LoginRefused, log_in, reset_link
from ascent.settings import Settings
from ascent.store.models import ApiToken, Contact, Job, Org, Person
from web_demo import LEAD_NORTH, PASSWORD, SELLER, build_demo, web_database

AT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
FORMULA = '=HYPERLINK("http://x")'
#: the rows of Sam's own that the demo (and ``sam``) give him, table by table
SAMS_ROWS = {
    "activities": 2000,
    "outcomes": 444,
    "activity_days": 1032,
    "contact_days": 1001,
    "snapshots": 1,
    "pauses": 1,
    "web_sessions": 1,
    "reset_tokens": 1,
    "login_attempts": 1,
    "api_tokens": 1,
    "jobs": 1,
    "import_batches": 2,
    "users": 1,
    "people": 1,
}
#: the contacts Sam touched (531), less the 7 a colleague touched too, and their identities
SAMS_OWN_CONTACTS = 524
SAMS_OWN_IDENTITIES = 1265


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The demo, and on top of it one of every row that can be Sam's, and a colleague's."""
    tmp = tmp_path_factory.mktemp("privacy")
    demo = build_demo(web_database(tmp, "privacy"), tmp / "exports")
    with unit_of_work(demo, write=True) as uow:
        log_pause(uow, person=SELLER, first=date(2026, 8, 3), last=date(2026, 8, 7))
    for email in (SELLER, LEAD_NORTH):
        with unit_of_work(demo, write=True) as uow:
            log_in(uow, email=email, password=PASSWORD, client="127.0.0.1")
            with pytest.raises(LoginRefused):
                log_in(uow, email=email, password="wrong", client="127.0.0.1")
    with unit_of_work(demo, write=True) as uow:
        reset_link(uow, email=SELLER, base_url="http://x")
        sam = uow.session.scalars(select(Person).where(Person.email == SELLER)).one()
        user_id = uow.session.scalar(
            text("SELECT id FROM users WHERE person_id = :p"), {"p": sam.id}
        )
        uow.session.add_all([_token(uow.scope.org_id, user_id), _job(uow.scope.org_id, sam.id)])
        uow.session.execute(  # a contact only Sam touched, named to run in a spreadsheet
            update(Contact)
            .where(Contact.id == _only_sams_contact(uow.session, sam.id))
            .values(name=FORMULA)
        )
        uow.commit()
    return demo


def _token(org_id: int, user_id: int) -> ApiToken:
    return ApiToken(
        org_id=org_id, user_id=user_id, name="laptop", scope="read", token_hash="h" * 64,
        prefix="asc_abc", created_at=AT,
    )  # fmt: skip


def _job(org_id: int, person_id: int) -> Job:
    return Job(org_id=org_id, kind="import", status="done", person_id=person_id, created_at=AT)


def _only_sams_contact(session: Any, person_id: int) -> int:
    found = session.execute(
        text(
            "SELECT min(contact_id) FROM contact_days WHERE person_id = :p AND contact_id NOT IN"
            " (SELECT contact_id FROM contact_days WHERE person_id <> :p)"
        ),
        {"p": person_id},
    ).scalar_one()
    return int(found)


@pytest.fixture(scope="module")
def engine(settings: Settings) -> Iterator[Engine]:
    eng = create_engine(settings.database_url)
    yield eng
    eng.dispose()


@pytest.fixture(scope="module")
def exported(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    path = tmp_path_factory.mktemp("export") / "sam.zip"
    with unit_of_work(settings) as uow:
        view = export_person(uow, person=SELLER, path=path, at=AT)
    assert view.rows["activities"] == SAMS_ROWS["activities"]
    return zipfile.ZipFile(path)


def _csv(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode())))


def _json(archive: zipfile.ZipFile, name: str) -> Any:
    return json.loads(archive.read(name))


def test_the_export_lists_every_table_twice_and_a_readme(exported: zipfile.ZipFile) -> None:
    names = exported.namelist()
    expected = [f"{file}.{kind}" for file, _, _ in SECTIONS for kind in ("csv", "json")]
    assert names == [*expected, "report.json", "README.txt"]
    readme = exported.read("README.txt").decode()
    assert readme.startswith("Everything Ascent holds about Sam Steady, as of 2026-12-01T09:30:00")
    assert "activities.csv, activities.json: 2000 row(s) of activities" in readme
    assert exported.getinfo("README.txt").date_time == (2026, 12, 1, 9, 30, 0)


def test_the_export_holds_exact_rows_and_no_secret(exported: zipfile.ZipFile) -> None:
    [person] = _json(exported, "person.json")
    assert (person["name"], person["email"]) == ("Sam Steady", SELLER)
    assert person["programme_start"] is None  # none set: it is read from his activity
    report = _json(exported, "report.json")
    assert (report["person"], report["as_of"]) == ("Sam Steady", "2026-12-01")
    assert report["programme_start"] == "2026-06-02"
    assert _json(exported, "team.json")[0]["name"] == "Team North"
    [user] = _json(exported, "users.json")
    assert (user["email"], user["role"]) == (SELLER, "seller")
    assert "password_hash" not in user
    assert "token_hash" not in _csv(exported, "web_sessions.csv")[0]
    assert _csv(exported, "api_tokens.csv")[0]["prefix"] == "asc_abc"
    [pause] = _csv(exported, "pauses.csv")
    assert (pause["first_day"], pause["last_day"]) == ("2026-08-03", "2026-08-07")
    assert len(_csv(exported, "activities.csv")) == len(_json(exported, "activities.json")) == 2000
    assert len(_json(exported, "contacts.json")) == 531
    assert len(_json(exported, "outcomes.json")) == SAMS_ROWS["outcomes"]


def test_formulas_are_escaped_in_csv_and_exact_in_json(exported: zipfile.ZipFile) -> None:
    assert [c["name"] for c in _csv(exported, "contacts.csv") if "HYPERLINK" in c["name"]] == [
        "'" + FORMULA
    ]
    assert [c["name"] for c in _json(exported, "contacts.json") if c["name"] == FORMULA] == [
        FORMULA
    ]


def test_a_failed_export_leaves_the_old_file_and_no_part(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "sam.zip"
    target.write_bytes(b"the export of yesterday")

    def broken(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(privacy, "_write_json", broken)
    with unit_of_work(settings) as uow, pytest.raises(OSError, match="No space"):
        export_person(uow, person=SELLER, path=target, at=AT)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sam.zip"]
    assert target.read_bytes() == b"the export of yesterday"


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        names = inspect(connection).get_table_names()
        quote = connection.dialect.identifier_preparer.quote
        return {
            name: connection.execute(text(f"SELECT count(*) FROM {quote(name)}")).scalar_one()
            for name in names
        }


def _per_person(engine: Engine) -> dict[tuple[str, int], int]:
    counts: dict[tuple[str, int], int] = {}
    with engine.connect() as connection:
        for name in ("activities", "outcomes", "activity_days", "contact_days", "snapshots"):
            rows = connection.execute(
                text(f"SELECT person_id, count(*) FROM {name} GROUP BY person_id")
            )
            counts |= {(name, pid): n for pid, n in rows}
    return counts


def test_erasing_sam_removes_exactly_his_rows(settings: Settings, engine: Engine) -> None:
    before, people_before = _counts(engine), _per_person(engine)
    with engine.connect() as connection:
        sam = connection.execute(select(Person.id).where(Person.email == SELLER)).scalar_one()
        version = connection.execute(select(Org.facts_version)).scalar_one()
    with unit_of_work(settings, write=True) as uow:
        view = erase_person(uow, person="Sam Steady")
    after = _counts(engine)
    expected = SAMS_ROWS | {
        "contacts": SAMS_OWN_CONTACTS,
        "contact_identities": SAMS_OWN_IDENTITIES,
    }
    assert {name: before[name] - after[name] for name in before} == {
        name: expected.get(name, 0) for name in before
    }
    assert view.removed == {name: expected.get(name, 0) for name in view.removed}
    others = {key: n for key, n in people_before.items() if key[1] != sam}
    assert _per_person(engine) == others
    with engine.connect() as connection:
        assert connection.execute(select(Org.facts_version)).scalar_one() == version + 1
        assert connection.execute(select(func.count()).select_from(Person)).scalar_one() == 13


def test_an_erased_person_is_no_longer_there(settings: Settings) -> None:
    with unit_of_work(settings, write=True) as uow, pytest.raises(NotFound):
        erase_person(uow, person=SELLER)
