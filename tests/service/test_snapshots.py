"""The served snapshot: what it serves equals what is computed, and nothing that can move a
person's measures leaves a stale row served."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from ascent.bootstrap import unit_of_work
from ascent.demo.personas import TEAM_NORTH, TEAM_SOUTH
from ascent.service import snapshots
from ascent.service.contacts import list_contacts, merge
from ascent.service.directory import ensure_person
from ascent.service.imports import import_paths
from ascent.service.org_settings import set_org_settings
from ascent.service.pauses import log_pause
from ascent.service.people import measure_people, refresh_snapshots, serve_people
from ascent.service.person import set_programme_start
from ascent.service.rollups import rebuild_rollups
from ascent.service.strategy import save_strategy, team_strategy
from ascent.service.team_home import team_home
from ascent.settings import Settings
from ascent.store.models import Person, Snapshot, Team
from ascent.store.scope import UnitOfWork
from web_demo import build_demo

END = date(2026, 11, 30)
SELLER = "sam.steady@demo.example"


@pytest.fixture
def demo(database_url: str, tmp_path: Path) -> Settings:
    """The demo's 14 sellers in two teams, up to END, with no snapshot yet."""
    settings = build_demo(database_url, tmp_path / "exports")
    with unit_of_work(settings, write=True) as uow:
        uow.session.execute(delete(Snapshot))  # the imports kept figures as of the real today
        uow.commit()
    return settings


def _refresh(settings: Settings, day: date = END) -> int:
    with unit_of_work(settings, write=True) as uow:
        n = refresh_snapshots(uow, as_of=day)
        uow.commit()
    return n


def _served(settings: Settings, day: date = END) -> set[str]:
    """The e-mails of the people whose figures the snapshot serves as of ``day``."""
    with unit_of_work(settings) as uow:
        people = dict(uow.session.execute(select(Person.id, Person.email)).all())
        return {people[pid] for pid in snapshots.read(uow, list(people), day)}


def _everyone(settings: Settings) -> set[str]:
    with unit_of_work(settings) as uow:
        return set(uow.session.scalars(select(Person.email)))


def test_served_figures_equal_computed_ones_for_every_person_and_the_lead_home(
    demo: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    with unit_of_work(demo) as uow:
        live = measure_people(uow, as_of=END).reports
        computed = serve_people(uow, as_of=END, with_team=True)
        teams = dict(uow.session.execute(select(Team.id, Team.name)).all())
        homes = {t: team_home(uow, team_id=t, as_of=END).to_dict() for t in teams}
    assert computed.from_snapshot == 0
    assert _refresh(demo) == 14
    with unit_of_work(demo) as uow:
        served = serve_people(uow, as_of=END, with_team=True)
        assert served.from_snapshot == 14
        assert [r.to_dict(timeline=True) for r in served.reports] == [
            r.to_dict(timeline=True) for r in live
        ]
        # exactly: the stored floats are the computed ones, not their rounding
        assert [(r.measures, r.coverage, r.team) for r in served.reports] == [
            (r.measures, r.coverage, r.team) for r in computed.reports
        ]
        assert {t: team_home(uow, team_id=t, as_of=END).to_dict() for t in teams} == homes
    assert _served(demo) == _everyone(demo)
    assert _served(demo, END - timedelta(days=1)) == set()  # another day is computed
    monkeypatch.setattr(snapshots, "METRICS_VERSION", snapshots.METRICS_VERSION + 1)
    assert _served(demo) == set()


def _pause(uow: UnitOfWork) -> None:
    log_pause(uow, person=SELLER, first=END - timedelta(days=3), last=END)


def _start(uow: UnitOfWork) -> None:
    set_programme_start(uow, person=SELLER, start=END - timedelta(days=60))


def _move(uow: UnitOfWork) -> None:
    ensure_person(uow, SELLER, team=TEAM_SOUTH)
    uow.commit()


def _strategy(uow: UnitOfWork) -> None:
    save_strategy(uow, strategy=team_strategy(uow, team=TEAM_NORTH))


def _settings(uow: UnitOfWork) -> None:
    set_org_settings(uow, changes={"touches_min": "6"})


def _merge(uow: UnitOfWork) -> None:
    first, second = list_contacts(uow)[:2]
    merge(uow, into=str(first.id), other=str(second.id))


def _rebuild(uow: UnitOfWork) -> None:
    rebuild_rollups(uow)


#: each change that can move measures -> whose snapshot it stops (None: everyone's)
CHANGES: list[tuple[Callable[[UnitOfWork], None], str | None]] = [
    (_pause, SELLER),
    (_start, SELLER),
    (_move, SELLER),
    (_strategy, None),
    (_settings, None),
    (_merge, None),
    (_rebuild, None),
]


def test_every_change_that_can_move_measures_stops_the_snapshots_it_moves(
    demo: Settings,
) -> None:
    """One demo for every change, one after another: each starts from a full snapshot."""
    everyone = _everyone(demo)
    for change, whose in CHANGES:
        _refresh(demo)
        assert _served(demo) == everyone, change.__name__
        with unit_of_work(demo, write=True) as uow:
            change(uow)
        stopped = set() if whose is None else everyone - {whose}
        assert _served(demo) == stopped, change.__name__
        with unit_of_work(demo) as uow:
            live = [r.to_dict(timeline=True) for r in measure_people(uow, as_of=END).reports]
            served = serve_people(uow, as_of=END)
            assert [r.to_dict(timeline=True) for r in served.reports] == live, change.__name__


def test_an_import_refreshes_the_people_it_touched_and_leaves_the_others_served(
    demo: Settings, tmp_path: Path
) -> None:
    _refresh(demo)
    everyone = _everyone(demo)
    day = END.isoformat()
    entry = tmp_path / "day.csv"
    entry.write_text(
        "date,kind,contact,account,id\n"
        f"{day}T09:00,message_out,Nia New,Initech Example,n1\n"
        f"{day}T10:00,comment,,,n2\n",
        encoding="utf-8",
    )
    with unit_of_work(demo) as uow:
        before = {r.row.email: r.to_dict() for r in measure_people(uow, as_of=END).reports}
    with unit_of_work(demo, write=True) as uow:
        import_paths(uow, paths=[entry], person=SELLER, today=END)
    assert _served(demo) == everyone
    with unit_of_work(demo) as uow:
        live = {
            r.row.email: r.to_dict(timeline=True) for r in measure_people(uow, as_of=END).reports
        }
        served = serve_people(uow, as_of=END)
    assert served.from_snapshot == 14
    assert {r.row.email: r.to_dict(timeline=True) for r in served.reports} == live
    assert live[SELLER]["counts"] != before[SELLER]["counts"]  # the import did move them
