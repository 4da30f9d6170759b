"""Rollups are maintained incrementally at import and equal a rebuild from raw activities."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine, select

from ascent.bootstrap import scoped_unit_of_work
from ascent.service.imports import import_paths
from ascent.store import rollups
from ascent.store.models import ActivityDay, Contact, ContactDay

FIRST = (
    "date,kind,person,channel,contact,id\n"
    "2026-03-02T09:00,message_out,ada@demo.example,linkedin,Bob,1\n"
    "2026-03-02T10:00,message_out,ada@demo.example,linkedin,Bob,2\n"
    "2026-03-02T11:00,post,ada@demo.example,linkedin,,3\n"
    "2026-03-03T09:00,message_in,ada@demo.example,linkedin,Bob,4\n"
    "2026-03-03T09:30,call,ada@demo.example,,Bob,5\n"
    "2026-03-03T12:00,meeting,ada@demo.example,,Cy,6\n"
)
SECOND = FIRST + (
    "2026-03-03T15:00,message_out,ada@demo.example,linkedin,Bob,7\n"
    "2026-03-04T09:00,connect,ada@demo.example,linkedin,Dee,8\n"
)


def _snapshot(engine: Engine) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with engine.connect() as connection:
        days = connection.execute(
            select(ActivityDay.day, ActivityDay.kind, ActivityDay.channel, ActivityDay.n).order_by(
                ActivityDay.day, ActivityDay.kind, ActivityDay.channel
            )
        ).all()
        contacts = connection.execute(
            select(
                Contact.name,
                ContactDay.day,
                ContactDay.touches,
                ContactDay.answers,
                ContactDay.meetings,
                ContactDay.connects,
            )
            .join(Contact, Contact.id == ContactDay.contact_id)
            .order_by(Contact.name, ContactDay.day)
        ).all()
    return [tuple(r) for r in days], [tuple(r) for r in contacts]


def _import(engine: Engine, path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    with scoped_unit_of_work(engine, write=True) as uow:
        import_paths(uow, paths=[path])


def test_rollups_grow_with_each_import_and_equal_a_rebuild(engine: Engine, tmp_path: Path) -> None:
    _import(engine, tmp_path / "a.csv", FIRST)
    _import(engine, tmp_path / "b.csv", SECOND)  # overlaps: only rows 7 and 8 are new
    _import(engine, tmp_path / "b.csv", SECOND)  # all duplicates: rollups unchanged
    days, contacts = _snapshot(engine)
    d2, d3, d4 = date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)
    assert days == [
        (d2, "message_out", "linkedin", 2),
        (d2, "post", "linkedin", 1),
        (d3, "call", "phone", 1),
        (d3, "meeting", "meeting", 1),
        (d3, "message_in", "linkedin", 1),
        (d3, "message_out", "linkedin", 1),
        (d4, "connect", "linkedin", 1),
    ]
    assert contacts == [
        ("Bob", d2, 2, 0, 0, 0),
        ("Bob", d3, 2, 1, 0, 0),
        ("Cy", d3, 1, 0, 1, 0),
        ("Dee", d4, 0, 0, 0, 1),
    ]
    with scoped_unit_of_work(engine, write=True) as uow:
        rollups.rebuild(uow.session.connection(), 1)
        uow.commit()
    assert _snapshot(engine) == (days, contacts)
