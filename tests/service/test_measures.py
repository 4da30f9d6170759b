"""Measures through the store: re-importing changes none, and as-of days are reproducible."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from ascent.service.imports import import_paths
from ascent.service.measures import people_reports, pursuit_rows
from ascent.store.scope import UnitOfWork

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EXPORTS = [FIXTURES / "linkedin" / "2026", FIXTURES / "ascent_csv" / "pursuits.csv"]
DAYS = [date(2026, 2, 10), date(2026, 3, 20), date(2026, 6, 1)]


def _measures(engine: Engine) -> list[object]:
    with UnitOfWork(engine) as uow:
        people = [r.to_dict(timeline=True) for d in DAYS for r in people_reports(uow, as_of=d)]
        pursuits = [r.to_dict() for d in DAYS for r in pursuit_rows(uow, as_of=d)]
    return [people, pursuits]


def test_reimporting_changes_no_measure(engine: Engine) -> None:
    with UnitOfWork(engine) as uow:
        import_paths(uow, paths=EXPORTS, person="Ada Example")
    before = _measures(engine)
    with UnitOfWork(engine) as uow:
        again = import_paths(uow, paths=EXPORTS, person="Ada Example")
    assert again.to_dict()["added"] == 0
    assert _measures(engine) == before


def test_later_imports_do_not_change_an_earlier_as_of_day(engine: Engine, tmp_path: Path) -> None:
    with UnitOfWork(engine) as uow:
        import_paths(uow, paths=EXPORTS, person="Ada Example")
    with UnitOfWork(engine) as uow:
        early = [r.to_dict(timeline=True) for r in people_reports(uow, as_of=date(2026, 3, 20))]
    later = tmp_path / "later.csv"
    later.write_text("date,kind,contact,id\n2026-04-02,message_in,Cy Client,late-1\n"
                     "2026-04-03,post,,late-2\n")  # fmt: skip
    with UnitOfWork(engine) as uow:
        import_paths(uow, paths=[later], person="Ada Example")
    with UnitOfWork(engine) as uow:
        assert [
            r.to_dict(timeline=True) for r in people_reports(uow, as_of=date(2026, 3, 20))
        ] == early
        (cy,) = [r for r in pursuit_rows(uow, as_of=date(2026, 4, 3)) if r.contact == "Cy Client"]
    assert (cy.pursuit.status, cy.pursuit.touches_to_first_answer) == ("answered", 1)
