"""Measures through the store: re-importing changes none, as-of days are reproducible, the
org's window is honoured and each use case loads the facts once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from ascent.bootstrap import scoped_unit_of_work
from ascent.service.imports import import_paths
from ascent.service.org_settings import set_org_settings
from ascent.service.people import list_people, people_reports
from ascent.service.person import person_report
from ascent.service.pursuits import pursuit_rows
from ascent.service.today import today_plan
from ascent.store import arrow_facts
from ascent.store import facts as store_facts
from ascent.store.scope import UnitOfWork

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EXPORTS = [FIXTURES / "linkedin" / "2026", FIXTURES / "ascent_csv" / "pursuits.csv"]
DAYS = [date(2026, 2, 10), date(2026, 3, 20), date(2026, 6, 1)]


def _measures(engine: Engine) -> list[object]:
    with scoped_unit_of_work(engine, write=True) as uow:
        people = [r.to_dict(timeline=True) for d in DAYS for r in people_reports(uow, as_of=d)]
        pursuits = [r.to_dict() for d in DAYS for r in pursuit_rows(uow, as_of=d)]
    return [people, pursuits]


def test_reimporting_changes_no_measure(engine: Engine) -> None:
    with scoped_unit_of_work(engine, write=True) as uow:
        import_paths(uow, paths=EXPORTS, person="Ada Example")
    before = _measures(engine)
    with scoped_unit_of_work(engine, write=True) as uow:
        again = import_paths(uow, paths=EXPORTS, person="Ada Example")
    assert again.to_dict()["added"] == 0
    assert _measures(engine) == before


def test_later_imports_do_not_change_an_earlier_as_of_day(engine: Engine, tmp_path: Path) -> None:
    with scoped_unit_of_work(engine, write=True) as uow:
        import_paths(uow, paths=EXPORTS, person="Ada Example")
    with scoped_unit_of_work(engine, write=True) as uow:
        early = [r.to_dict(timeline=True) for r in people_reports(uow, as_of=date(2026, 3, 20))]
    later = tmp_path / "later.csv"
    later.write_text(
        "date,kind,contact,id\n2026-04-02,message_in,Cy Client,late-1\n2026-04-03,post,,late-2\n"
    )
    with scoped_unit_of_work(engine, write=True) as uow:
        import_paths(uow, paths=[later], person="Ada Example")
    with scoped_unit_of_work(engine, write=True) as uow:
        assert [
            r.to_dict(timeline=True) for r in people_reports(uow, as_of=date(2026, 3, 20))
        ] == early
        (cy,) = [r for r in pursuit_rows(uow, as_of=date(2026, 4, 3)) if r.contact == "Cy Client"]
    assert (cy.pursuit.status, cy.pursuit.touches_to_first_answer) == ("answered", 1)


def test_people_counts_follow_the_org_window(engine: Engine, tmp_path: Path) -> None:
    """A post and a meeting booked 10 days back: inside the default 28 days, outside 7."""
    history = tmp_path / "history.csv"
    history.write_text(
        "date,kind,contact,id\n"
        "2026-03-10,post,,w-1\n"
        "2026-03-10,meeting_booked,Cy Client,w-2\n"
        "2026-03-19,comment,,w-3\n"
    )
    with scoped_unit_of_work(engine, write=True) as uow:
        import_paths(uow, paths=[history], person="Ada Example")

    def counts() -> list[tuple[dict[str, int], int]]:
        with scoped_unit_of_work(engine, write=True) as uow:
            rows = [r.row for r in people_reports(uow, as_of=date(2026, 3, 20))]
            assert [r.to_dict() for r in rows] == [
                r.to_dict() for r in list_people(uow, as_of=date(2026, 3, 20))
            ]
        return [(r.counts, r.outcomes) for r in rows]

    base = {"publish": 0, "engage": 0, "converse": 0, "connect": 0, "meet": 0}
    assert counts() == [(base | {"publish": 1, "engage": 1}, 1)]
    with scoped_unit_of_work(engine, write=True) as uow:
        set_org_settings(uow, changes={"window_days": "7"})
    assert counts() == [(base | {"engage": 1}, 0)]


def test_each_use_case_loads_the_facts_once(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with scoped_unit_of_work(engine, write=True) as uow:
        import_paths(uow, paths=EXPORTS, person="Ada Example")
    loads: list[list[int]] = []

    def counted(real: Callable[..., Any]) -> Callable[..., Any]:
        def counting(*args: Any, **kwargs: Any) -> Any:
            loads.append(sorted(kwargs["person_ids"]))
            return real(*args, **kwargs)

        return counting

    # as PersonFacts (the per-person use cases) or as frames (the people overview)
    monkeypatch.setattr(store_facts, "load_facts", counted(store_facts.load_facts))
    monkeypatch.setattr(arrow_facts, "read_frames", counted(arrow_facts.read_frames))
    monkeypatch.setattr(arrow_facts, "read_frames_adbc", counted(arrow_facts.read_frames_adbc))
    day = date(2026, 3, 20)
    calls: dict[str, Callable[[UnitOfWork], object]] = {
        "people": lambda uow: people_reports(uow, as_of=day),
        "person": lambda uow: person_report(uow, person="Ada Example", as_of=day),
        "pursuits": lambda uow: pursuit_rows(uow, as_of=day),
        "today": lambda uow: today_plan(uow, person="Ada Example", as_of=day),
    }
    for name, call in calls.items():
        loads.clear()
        with scoped_unit_of_work(engine, write=True) as uow:
            call(uow)
        assert loads == [[1]], name


def test_a_reader_reads_the_facts_by_adbc_and_a_writer_through_its_transaction(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader's unit of work changes no facts, so on PostgreSQL its frames come by ADBC on
    a connection of its own; a writer's (an import refreshing its people before it commits)
    through its own connection. Both give the same people."""
    with scoped_unit_of_work(engine, write=True) as uow:
        import_paths(uow, paths=EXPORTS, person="Ada Example")
    readers: list[str] = []

    def recorded(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def recording(*args: Any, **kwargs: Any) -> Any:
            readers.append(name)
            return real(*args, **kwargs)

        return recording

    monkeypatch.setattr(arrow_facts, "read_frames", recorded("connection", arrow_facts.read_frames))
    adbc = recorded("adbc", arrow_facts.read_frames_adbc)
    monkeypatch.setattr(arrow_facts, "read_frames_adbc", adbc)
    day = date(2026, 3, 20)
    with scoped_unit_of_work(engine) as uow:
        read = [r.to_dict() for r in people_reports(uow, as_of=day)]
    with scoped_unit_of_work(engine, write=True) as uow:
        written = [r.to_dict() for r in people_reports(uow, as_of=day)]
    on_postgresql = engine.url.get_backend_name() == "postgresql"
    # on SQLite never by ADBC in the app's process (store.arrow_facts.adbc_reads)
    assert readers == ["adbc" if on_postgresql else "connection", "connection"]
    assert read == written
    assert [r["person"] for r in read] == ["Ada Example"]
    assert read[0]["pursuits"]["count"] > 0
