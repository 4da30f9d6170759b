"""Import behaviour: idempotent, one transaction, nothing half-written."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from ascent.bootstrap import scoped_unit_of_work
from ascent.errors import InputError, UnknownFormat
from ascent.importers.source import Source
from ascent.service import imports
from ascent.service.imports import import_paths
from ascent.store.models import Activity, Contact, ImportBatch, Outcome, Person

LOG = (
    "date,kind,person,contact,contact_url,account,amount,source,id\n"
    "2026-03-02,call,ada@demo.example,Bob Buyer,https://www.linkedin.com/in/bob,Acme,,,r1\n"
    "2026-03-03,meeting,ada@demo.example,Bob Buyer,https://www.linkedin.com/in/bob/,Acme,,,r2\n"
    "2026-03-04,deal_won,bea@demo.example,Cy Client,,Globex,5000,linkedin,r3\n"
    "2026-03-04,call,bea@demo.example,,,,,,r3b\n"
    "2026-03-04,call,bea@demo.example,,,,,,r3b\n"
    "03/05/2026,call,ada@demo.example,,,,,,r4\n"
)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _count(engine: Engine, model: type) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(model)).scalar_one())


def test_import_reports_counts_duplicates_and_skipped(engine: Engine, tmp_path: Path) -> None:
    path = _write(tmp_path, "log.csv", LOG)
    with scoped_unit_of_work(engine, write=True) as uow:
        report = import_paths(uow, paths=[path]).to_dict()
    assert report["counts"] == {"call": 2, "deal_won": 1, "meeting": 1}
    assert report["added"] == 4
    assert report["duplicates"] == 1  # r3b twice in one file
    assert report["skipped"] == [
        {
            "file": str(path),
            "line": 7,
            "reason": "unreadable date '03/05/2026' (use YYYY-MM-DD or ISO datetime)",
        }
    ]
    with scoped_unit_of_work(engine, write=True) as uow:
        import_paths(uow, paths=[path])  # scopes the session to the default org
        people = uow.session.scalars(select(Person.email).order_by(Person.email)).all()
        contacts = uow.session.scalars(select(Contact.name).order_by(Contact.name)).all()
    assert people == ["ada@demo.example", "bea@demo.example"]
    assert contacts == ["Bob Buyer", "Cy Client"]  # the two Bob URLs are one contact


def test_reimport_adds_nothing(engine: Engine, tmp_path: Path) -> None:
    path = _write(tmp_path, "log.csv", LOG)
    with scoped_unit_of_work(engine, write=True) as uow:
        import_paths(uow, paths=[path])
    with scoped_unit_of_work(engine, write=True) as uow:
        again = import_paths(uow, paths=[path]).to_dict()
    assert (again["added"], again["counts"], again["duplicates"]) == (0, {}, 5)
    assert (_count(engine, Activity), _count(engine, Outcome)) == (3, 1)
    assert _count(engine, ImportBatch) == 2


def test_a_broken_file_leaves_the_database_unchanged(engine: Engine, tmp_path: Path) -> None:
    good = _write(tmp_path, "good.csv", LOG)
    broken = _write(tmp_path, "broken.csv", "date,kind,colour\n2026-03-01,call,red\n")
    with (
        scoped_unit_of_work(engine, write=True) as uow,
        pytest.raises(InputError, match=r"broken\.csv:1: unknown"),
    ):
        import_paths(uow, paths=[good, broken])
    assert [_count(engine, m) for m in (Activity, Outcome, ImportBatch, Person, Contact)] == [
        0,
        0,
        0,
        0,
        0,
    ]


def test_unknown_format_is_detected_before_anything_is_written(
    engine: Engine, tmp_path: Path
) -> None:
    good = _write(tmp_path, "good.csv", LOG)
    odd = _write(tmp_path, "notes.txt", "hello")
    with (
        scoped_unit_of_work(engine, write=True) as uow,
        pytest.raises(UnknownFormat, match=r"notes\.txt: not a format"),
    ):
        import_paths(uow, paths=[good, odd])
    assert _count(engine, Activity) == 0


def test_rows_without_a_person_need_person_option(engine: Engine, tmp_path: Path) -> None:
    path = _write(tmp_path, "log.csv", "date,kind\n2026-03-01,call\n")
    with (
        scoped_unit_of_work(engine, write=True) as uow,
        pytest.raises(InputError, match="--person"),
    ):
        import_paths(uow, paths=[path])
    with scoped_unit_of_work(engine, write=True) as uow:
        report = import_paths(uow, paths=[path], person="Dee Example", team="North")
    assert (report.person, report.to_dict()["counts"]) == ("Dee Example", {"call": 1})


def test_a_later_sighting_completes_the_contact(engine: Engine, tmp_path: Path) -> None:
    first = _write(
        tmp_path,
        "a.csv",
        "date,kind,contact,contact_url\n"
        "2026-03-02,message_out,Bob,https://www.linkedin.com/in/bob\n",
    )
    second = _write(
        tmp_path,
        "b.csv",
        "date,kind,contact,contact_url,account\n"
        "2026-03-03,connect,Bob,https://www.linkedin.com/in/bob,Acme Example\n",
    )
    with scoped_unit_of_work(engine, write=True) as uow:
        import_paths(uow, paths=[first], person="ada@demo.example")
    with scoped_unit_of_work(engine, write=True) as uow:
        import_paths(uow, paths=[second], person="ada@demo.example")
    with engine.connect() as connection:
        rows = connection.execute(select(Contact.name, Contact.company, Contact.account_id)).all()
    assert [tuple(r) for r in rows] == [("Bob", "Acme Example", 1)]


def test_a_url_joins_a_name_only_contact_once_but_a_second_url_is_someone_else(
    engine: Engine, tmp_path: Path
) -> None:
    log = _write(
        tmp_path,
        "a.csv",
        "date,kind,contact,contact_url,account\n"
        "2026-03-02,message_out,Cy Client,,Globex Example\n"
        "2026-03-03,message_in,Cy Client,,\n"
        "2026-03-04,message_out,Cy Client,https://www.linkedin.com/in/cy-client,\n"
        "2026-03-05,message_out,Cy Client,https://www.linkedin.com/in/other-cy,\n",
    )
    with scoped_unit_of_work(engine, write=True) as uow:
        import_paths(uow, paths=[log], person="ada@demo.example")
    with engine.connect() as connection:
        rows = connection.execute(select(Activity.kind, Activity.contact_id).order_by(Activity.day))
        assert [tuple(r) for r in rows] == [
            ("message_out", 1),
            ("message_in", 1),
            ("message_out", 1),
            ("message_out", 2),
        ]


def test_a_key_longer_than_the_column_is_stored_shortened_and_still_deduplicates(
    engine: Engine, tmp_path: Path
) -> None:
    long_id = "x" * 1000
    log = _write(
        tmp_path,
        "long.csv",
        f"date,kind,id\n2026-03-02,call,{long_id}\n2026-03-03,call,{long_id}y\n",
    )
    with scoped_unit_of_work(engine, write=True) as uow:
        first = import_paths(uow, paths=[log], person="ada@demo.example").to_dict()
    with scoped_unit_of_work(engine, write=True) as uow:
        again = import_paths(uow, paths=[log], person="ada@demo.example").to_dict()
    with engine.connect() as connection:
        keys = connection.execute(select(Activity.source_key).order_by(Activity.day)).all()
    assert [(len(k), k[:8], k[635]) for (k,) in keys] == [(700, "csv:xxxx", "#")] * 2
    assert keys[0] != keys[1]
    assert (first["added"], again["added"], again["duplicates"]) == (2, 0, 2)


class _Exploding:
    """An importer whose parser dies the way a library does on a hostile file."""

    name, channel = "exploding", "other"

    def __init__(self, exc: Exception) -> None:
        self.exc = exc

    def detect(self, source: object) -> bool:
        return True

    def parse(self, source: object):  # type: ignore[no-untyped-def]
        yield from ()
        raise self.exc


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (RecursionError("maximum recursion depth exceeded"), "RecursionError"),
        (OverflowError("date value out of range"), "OverflowError"),
        (ValueError(), "ValueError: ValueError"),
    ],
)
def test_anything_a_parser_raises_is_one_input_error_and_nothing_is_written(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exc: Exception, reason: str
) -> None:
    path = _write(tmp_path, "odd.json", "{}")
    monkeypatch.setattr(imports, "open_source", lambda p, limits: (Source.open(p), _Exploding(exc)))
    with scoped_unit_of_work(engine, write=True) as uow, pytest.raises(InputError) as caught:
        import_paths(uow, paths=[path], person="ada@demo.example")
    assert str(caught.value).startswith(f"{path}: unreadable ({reason}")
    assert _count(engine, Person) == 0
    assert _count(engine, ImportBatch) == 0


def test_a_mixed_case_person_email_still_takes_the_profiles_name(engine: Engine) -> None:
    """``--person`` e-mails are stored lower case; the name made of their local part is
    recognised in any case and replaced by the name the export's profile gives."""
    linkedin = Path(__file__).resolve().parents[1] / "fixtures" / "linkedin" / "2026"
    with scoped_unit_of_work(engine, write=True) as uow:
        report = import_paths(uow, paths=[linkedin], person="Ada.Example@Example.COM")
    assert report.person == "Ada Example"
    with scoped_unit_of_work(engine, write=True) as uow:
        import_paths(uow, paths=[linkedin], person="ADA.EXAMPLE@example.com")
        people = uow.session.execute(select(Person.name, Person.email)).all()
    assert people == [("Ada Example", "ada.example@example.com")]
