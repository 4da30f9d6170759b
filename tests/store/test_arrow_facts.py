"""The Arrow readers return the facts ``store.facts.load_facts`` returns, on a real database
(the demo team, with a pause and explicit programme starts added), on SQLite and PostgreSQL;
and the columnar measures of those frames equal the reference's."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from sqlalchemy import select, update

from ascent.analytics.columnar import (
    FactFrames,
    frames_of,
)
from ascent.analytics.columnar.measures import measure_frames
from ascent.analytics.facts import PersonFacts
from ascent.analytics.person import measure_person
from ascent.analytics.settings import DEFAULT_SETTINGS
from ascent.bootstrap import unit_of_work
from ascent.service.strategy import strategies_by_team
from ascent.settings import Settings
from ascent.store.arrow_facts import read_frames, read_frames_adbc
from ascent.store.facts import load_facts
from ascent.store.models import Pause, Person, Team
from columnar_reference import assert_equal_to_reference
from web_demo import build_demo

END = date(2026, 11, 30)
AS_OF = END - timedelta(days=10)


@pytest.fixture
def demo(database_url: str, tmp_path: Path) -> tuple[Settings, dict[int, PersonFacts]]:
    """The demo team, one person paused for two weeks and two explicit starts, and the
    reference's facts as of ``AS_OF`` (rows after it stay in the database)."""
    settings = build_demo(database_url, tmp_path / "exports")
    with unit_of_work(settings, write=True) as uow:
        org = uow.scope.org_id
        ids = sorted(uow.session.scalars(select(Person.id).where(Person.org_id == org)))
        uow.session.add(
            Pause(
                org_id=org, person_id=ids[0], first_day=date(2026, 8, 3), last_day=date(2026, 8, 14)
            )
        )
        uow.session.execute(
            update(Person).where(Person.id == ids[1]).values(programme_start=date(2026, 6, 1))
        )
        team = uow.session.scalar(select(Person.team_id).where(Person.id == ids[2]))
        uow.session.execute(
            update(Team).where(Team.id == team).values(programme_start=date(2026, 5, 4))
        )
        uow.commit()
    with unit_of_work(settings) as uow:
        facts = load_facts(
            uow.session.connection(),
            uow.scope.org_id,
            person_ids=ids,
            as_of=AS_OF,
            strategies=strategies_by_team(uow),
        )
    return settings, facts


def _sorted(frames: FactFrames) -> list[pl.DataFrame]:
    return [
        f.sort(f.columns)
        for f in (
            frames.people,
            frames.activity_days,
            frames.contact_days,
            frames.outcomes,
            frames.pauses,
            frames.targets,
        )
    ]


def _assert_same(read: FactFrames, expected: FactFrames) -> None:
    for got, want in zip(_sorted(read), _sorted(expected), strict=True):
        assert_frame_equal(got, want)


def test_both_readers_return_the_facts_load_facts_returns(
    demo: tuple[Settings, dict[int, PersonFacts]],
) -> None:
    settings, facts = demo
    expected = frames_of(facts)
    assert expected.activity_days.height > 1000
    assert expected.pauses.height == 1
    assert expected.people["explicit_start"].drop_nulls().len() >= 2
    assert expected.people["headline"].drop_nulls().len() >= 2
    assert expected.targets.height > 20
    with unit_of_work(settings) as uow:
        org, strategies = uow.scope.org_id, strategies_by_team(uow)
        through_sqlalchemy = read_frames(
            uow.session.connection(),
            org,
            person_ids=list(facts),
            as_of=AS_OF,
            strategies=strategies,
        )
    _assert_same(through_sqlalchemy, expected)
    through_adbc = read_frames_adbc(
        settings.database_url, org, person_ids=list(facts), as_of=AS_OF, strategies=strategies
    )
    _assert_same(through_adbc, expected)


def test_columnar_measures_of_the_read_frames_equal_the_reference(
    demo: tuple[Settings, dict[int, PersonFacts]],
) -> None:
    settings, facts = demo
    with unit_of_work(settings) as uow:
        frames = read_frames(
            uow.session.connection(),
            uow.scope.org_id,
            person_ids=list(facts),
            as_of=AS_OF,
            strategies=strategies_by_team(uow),
        )
    checked = assert_equal_to_reference(frames, facts, AS_OF, DEFAULT_SETTINGS)
    assert sum(1 for v in checked.ratio.values() if v is not None) >= 5
    assert checked.pursuits.height > 100
    assert sum(1 for _, c8 in checked.consistency.values() if c8) >= 5
    measured = measure_frames(frames, AS_OF, DEFAULT_SETTINGS)
    assert measured == {p: measure_person(f, AS_OF, DEFAULT_SETTINGS) for p, f in facts.items()}
    assert sum(1 for m in measured.values() if m.jigsaw.pillars["network"] > 0) >= 3
