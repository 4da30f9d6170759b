"""The people overview: one row per person with counts by mode over the org's window, and
every measure of each as of a day.

Counts are read from the ``activity_days`` rollup, never from raw activities; the measures'
facts are loaded once per call (``store.facts``), for everyone measured at once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.orm import InstrumentedAttribute

from ascent.analytics.coverage import Coverage, strategy_coverage
from ascent.analytics.facts import PersonFacts
from ascent.analytics.person import PersonMeasures, measure_person
from ascent.analytics.settings import MeasureSettings
from ascent.domain.vocabulary import MODES, mode_of
from ascent.service.directory import Who, person_named
from ascent.service.org_settings import measure_settings
from ascent.service.strategy import strategies_by_team
from ascent.store import facts as store_facts
from ascent.store.models import ActivityDay, Outcome, Person, Team
from ascent.store.scope import UnitOfWork


@dataclass
class PersonRow:
    person_id: int
    team_id: int
    person: str
    email: str | None
    team: str
    counts: dict[str, int] = field(default_factory=dict)
    outcomes: int = 0
    last_activity: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "email": self.email,
            "team": self.team,
            "counts": self.counts,
            "outcomes": self.outcomes,
            "last_activity": self.last_activity.isoformat() if self.last_activity else None,
        }


@dataclass
class PersonReport:
    """One person's overview row plus every measure (DESIGN §5 JSON names)."""

    row: PersonRow
    measures: PersonMeasures
    coverage: Coverage

    def to_dict(self, *, timeline: bool = False) -> dict[str, Any]:
        measures = self.measures.to_dict()
        if not timeline:
            measures.pop("timeline")
        return self.row.to_dict() | measures | self.coverage.to_dict()


@dataclass(frozen=True)
class MeasuredPeople:
    """The reports with the settings and facts they were computed from, for a use case that
    goes on from them (today's plan) without loading the facts again."""

    settings: MeasureSettings
    reports: list[PersonReport]
    facts: dict[int, PersonFacts]

    def measures_at(self, day: date) -> dict[int, PersonMeasures]:
        """Each person's measures as of an earlier ``day``, from the facts already loaded: the
        measures read nothing after their day, so this equals a load as of ``day`` (tested)."""
        return {pid: measure_person(f, day, self.settings) for pid, f in self.facts.items()}


def list_people(uow: UnitOfWork, *, as_of: date, team: str | None = None) -> list[PersonRow]:
    """Every person (of ``team``) with counts by mode over the org's window up to ``as_of``."""
    window = measure_settings(uow).window_days
    effort = effort_counts(uow, as_of, window, None)
    return _rows(uow, as_of=as_of, team=team, person_id=None, window_days=window, effort=effort)


def people_reports(
    uow: UnitOfWork, *, as_of: date, team: str | None = None, person: Who | None = None
) -> list[PersonReport]:
    """Every person (of ``team``, or just ``person``: an e-mail, a name, or from a front end
    that listed people their id, since names are not unique) with every measure as of
    ``as_of``."""
    return measure_people(uow, as_of=as_of, team=team, person=person).reports


def measure_people(
    uow: UnitOfWork, *, as_of: date, team: str | None = None, person: Who | None = None
) -> MeasuredPeople:
    """``people_reports`` with the settings and facts behind them, the facts loaded once."""
    settings = measure_settings(uow)
    wanted = None if person is None else person_named(uow, person).id
    effort = effort_counts(uow, as_of, settings.window_days, wanted)
    rows = _rows(
        uow,
        as_of=as_of,
        team=team,
        person_id=wanted,
        window_days=settings.window_days,
        effort=effort,
    )
    strategies = strategies_by_team(uow)
    facts = store_facts.load_facts(
        uow.session.connection(),
        uow.scope.org_id,
        person_ids=[r.person_id for r in rows],
        as_of=as_of,
        strategies=strategies,
    )
    reports = [
        PersonReport(
            row,
            measure_person(facts[row.person_id], as_of, settings),
            strategy_coverage(effort.get(row.person_id, {}), strategies.get(row.team_id)),
        )
        for row in rows
    ]
    return MeasuredPeople(settings, reports, facts)


def _rows(
    uow: UnitOfWork,
    *,
    as_of: date,
    team: str | None,
    person_id: int | None,
    window_days: int,
    effort: dict[int, dict[tuple[str, str], int]],
) -> list[PersonRow]:
    """The overview rows; counts by mode are folded from ``effort`` (the window's counts by
    kind and channel, which strategy coverage reads too), not read again."""
    query = select(Person.id, Person.team_id, Person.name, Person.email, Team.name).join(
        Team, Team.id == Person.team_id
    )
    if team is not None:
        query = query.where(func.lower(Team.name) == team.strip().lower())
    query = query.where(_of(Person.id, person_id))
    people = uow.session.execute(query.order_by(Team.name, Person.name)).all()
    start = as_of - timedelta(days=window_days - 1)
    counts = _mode_counts(effort)
    outcomes = _outcome_counts(uow, start, as_of, person_id)
    last = _last_activity(uow, as_of, person_id)
    return [
        PersonRow(
            person_id=pid,
            team_id=team_id,
            person=name,
            email=email,
            team=team_name,
            counts={m: counts[pid].get(m, 0) for m in MODES},
            outcomes=outcomes.get(pid, 0),
            last_activity=last.get(pid),
        )
        for pid, team_id, name, email, team_name in people
    ]


def _of(column: InstrumentedAttribute[int], person_id: int | None) -> ColumnElement[bool]:
    """Rows of one person when one is asked for, else of everyone."""
    return true() if person_id is None else column == person_id


def _mode_counts(effort: dict[int, dict[tuple[str, str], int]]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for pid, by_kind in effort.items():
        for (kind, _channel), n in by_kind.items():
            mode = mode_of(kind)
            counts[pid][mode] = counts[pid].get(mode, 0) + n
    return counts


def _outcome_counts(
    uow: UnitOfWork, start: date, end: date, person_id: int | None
) -> dict[int, int]:
    o = Outcome
    rows = uow.session.execute(
        select(o.person_id, func.count())
        .where(o.day.between(start, end), _of(o.person_id, person_id))
        .group_by(o.person_id)
    )
    return dict(rows.all())


def _last_activity(uow: UnitOfWork, as_of: date, person_id: int | None) -> dict[int, date]:
    a = ActivityDay
    rows = uow.session.execute(
        select(a.person_id, func.max(a.day))
        .where(a.day <= as_of, _of(a.person_id, person_id))
        .group_by(a.person_id)
    )
    return dict(rows.all())


def effort_counts(
    uow: UnitOfWork,
    as_of: date,
    window_days: int,
    person_id: int | None,
    *,
    team_id: int | None = None,
) -> dict[int, dict[tuple[str, str], int]]:
    """Activity counts by (kind, channel) per person (of one team, with ``team_id``) over the
    trailing window."""
    first = as_of - timedelta(days=window_days - 1)
    a = ActivityDay
    query = select(a.person_id, a.kind, a.channel, func.sum(a.n)).where(
        a.day.between(first, as_of), _of(a.person_id, person_id)
    )
    if team_id is not None:
        query = query.join(Person, Person.id == a.person_id).where(Person.team_id == team_id)
    rows = uow.session.execute(query.group_by(a.person_id, a.kind, a.channel))
    counts: dict[int, dict[tuple[str, str], int]] = {}
    for pid, kind, channel, n in rows:
        counts.setdefault(pid, {})[(kind, channel)] = int(n)
    return counts
