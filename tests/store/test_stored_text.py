"""Control characters never reach the database, the same on SQLite and on PostgreSQL.

PostgreSQL refuses NUL in text (a ``psycopg.DataError`` once, mid-import); SQLite took it.
Every write path strips the C0 controls but tab and newline, and DEL (``stored_text``).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, select

from ascent.bootstrap import scoped_unit_of_work
from ascent.service.imports import import_paths
from ascent.store.models import (
    Account,
    Activity,
    Contact,
    ContactIdentity,
    ImportBatch,
    Outcome,
    Person,
    stored_text,
)

LOG = (
    "date,kind,person,contact,contact_url,account,amount,source,id\n"
    "2026-03-02,call,ada@demo.example,Bob\x00 Bu\x1b[2Jyer,https://www.linkedin.com/in/bob\x00,"
    "Ac\x7fme\x01,,,r\x001\n"
    "2026-03-03,deal_won,Bea\x00 Example,Bob\x00 Buyer,,Acme,5000,linkedin,r\x082\n"
)


def test_stored_text_keeps_tab_and_newline_and_drops_other_controls() -> None:
    assert (
        stored_text("a\x00b\x01c\td\ne\x0bf\x0cg\rh\x1b[0mi\x1fj\x7fk é") == "abc\td\nefgh[0mijk é"
    )
    assert stored_text("") == ""
    assert stored_text(None) is None


def test_controls_in_names_keys_and_people_are_stripped_on_both_engines(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "log\x01.csv"
    path.write_text(LOG, encoding="utf-8")
    with scoped_unit_of_work(engine, write=True) as uow:
        import_paths(uow, paths=[path])
    with scoped_unit_of_work(engine, write=True) as uow:
        import_paths(uow, paths=[path])  # again: the same keys, nothing new
        s = uow.session
        contacts = s.execute(select(Contact.name, Contact.company).order_by(Contact.id)).all()
        identities = s.execute(
            select(ContactIdentity.kind, ContactIdentity.value).order_by(ContactIdentity.id)
        ).all()
        assert contacts == [("Bob Bu[2Jyer", "Acme"), ("Bob Buyer", "Acme")]
        assert identities == [
            ("profile_url", "https://www.linkedin.com/in/bob"),
            ("name_company", "bob bu[2jyer|acme"),
            ("name", "bob bu[2jyer"),
            ("name_company", "bob buyer|acme"),
            ("name", "bob buyer"),
        ]
        assert s.scalars(select(Account.name)).all() == ["Acme"]
        people = s.execute(select(Person.name, Person.email).order_by(Person.id)).all()
        assert people == [("ada", "ada@demo.example"), ("Bea Example", None)]
        assert s.scalars(select(Activity.source_key)).all() == ["csv:r1"]
        assert s.scalars(select(Outcome.source_key)).all() == ["csv:r2"]
        sources = s.scalars(select(ImportBatch.source)).all()
        assert sources == [str(tmp_path / "log.csv")] * 2
