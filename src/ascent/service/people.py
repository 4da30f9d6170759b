"""The people overview: one row per person with counts by mode over the org's window, and
every measure of each as of a day.

Counts are read from the ``activity_days`` rollup, never from raw activities. What the
overview and the lead home show is served from the snapshot (``service.snapshots``) for the
people it holds as of the day asked for, and computed for the rest: their facts read as
Arrow frames (``store.arrow_facts``) and measured for all of them at once, column-wise
(``service.figures.frame_figures``). ``measure_people``, for the use cases that go on from
one person's facts (today's plan, the person page), loads ``PersonFacts`` and measures each
person with the per-person reference functions, which the columnar ones equal (tested).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from ascent.analytics.columnar.frames import FactFrames
from ascent.analytics.coverage import Coverage
from ascent.analytics.facts import PersonFacts
from ascent.analytics.person import PersonMeasures, measure_person
from ascent.analytics.settings import MeasureSettings
from ascent.domain.strategy import Strategy
from ascent.service import snapshots
from ascent.service.directory import Who, person_named
from ascent.service.figures import (
    PersonFigures,
    TeamShare,
    frame_figures,
    mode_counts,
    person_figures,
)
from ascent.service.org_settings import measure_settings
from ascent.service.strategy import strategies_by_team
from ascent.store import arrow_facts
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
    """One person's overview row plus every measure (DESIGN §5 JSON names), and their share of
    the lead home when it was asked for (``team``)."""

    row: PersonRow
    measures: PersonMeasures
    coverage: Coverage
    team: TeamShare | None = None

    def to_dict(self, *, timeline: bool = False) -> dict[str, Any]:
        measures = self.measures.to_dict(timeline=timeline)
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


@dataclass(frozen=True)
class ServedPeople:
    """The reports of ``serve_people``; ``from_snapshot`` counts those read, not computed."""

    settings: MeasureSettings
    reports: list[PersonReport]
    from_snapshot: int


#: a person as the overview names them: id, team id, name, e-mail, team name
Identity = tuple[int, int, str, str | None, str]
#: people measured at a time by ``refresh_snapshots``: their facts are held at once
REFRESH_SLICE = 250


def list_people(uow: UnitOfWork, *, as_of: date, team: str | None = None) -> list[PersonRow]:
    """Every person (of ``team``) with counts by mode over the org's window up to ``as_of``."""
    window = measure_settings(uow).window_days
    effort = effort_counts(uow, as_of, window, None)
    start = as_of - timedelta(days=window - 1)
    outcomes = _outcome_counts(uow, start, as_of)
    last = _last_activity(uow, as_of)
    return [
        _row(who, mode_counts(effort.get(who[0], {})), outcomes.get(who[0], 0), last.get(who[0]))
        for who in _identities(uow, team=team, people=None)
    ]


def people_reports(
    uow: UnitOfWork,
    *,
    as_of: date,
    team: str | None = None,
    person: Who | None = None,
    ids: Collection[int] | None = None,
) -> list[PersonReport]:
    """Every person (of ``team``, or just ``person``: an e-mail, a name, or from a front end
    that listed people their id, since names are not unique; or the people ``ids``: a page)
    with every measure as of ``as_of``, from the snapshot where it holds them."""
    return serve_people(uow, as_of=as_of, team=team, person=person, ids=ids).reports


def serve_people(
    uow: UnitOfWork,
    *,
    as_of: date,
    team: str | None = None,
    person: Who | None = None,
    with_team: bool = False,
    ids: Collection[int] | None = None,
) -> ServedPeople:
    """``people_reports``: each person's figures as of ``as_of`` read from the snapshot when
    it holds them for that day from the current facts (``service.snapshots``), the others
    computed from their facts. The snapshot always holds the lead home's share (``team``)."""
    settings = measure_settings(uow)
    wanted = ids if person is None else person_named(uow, person).id
    people = _identities(uow, team=team, people=wanted)
    stored = snapshots.read(uow, [who[0] for who in people], as_of)
    missing = [who for who in people if who[0] not in stored]
    strategies = strategies_by_team(uow) if missing else {}
    computed = _figures(uow, missing, as_of, settings, strategies, with_team=with_team)
    reports = []
    for who in people:
        figures = stored.get(who[0]) or computed[who[0]]
        reports.append(_report(who, figures))
    return ServedPeople(settings, reports, len(people) - len(missing))


def measure_people(
    uow: UnitOfWork, *, as_of: date, team: str | None = None, person: Who | None = None
) -> MeasuredPeople:
    """``people_reports`` computed now, with the settings and facts behind them (the facts
    loaded once), for use cases that go on from the facts."""
    settings = measure_settings(uow)
    wanted = None if person is None else person_named(uow, person).id
    people = _identities(uow, team=team, people=wanted)
    strategies = strategies_by_team(uow)
    ids = [who[0] for who in people]
    facts = _facts(uow, ids, as_of, strategies)
    effort = effort_counts(uow, as_of, settings.window_days, ids)
    reports = [
        _report(
            who,
            person_figures(
                facts[who[0]], effort.get(who[0], {}), strategies.get(who[1]), as_of, settings
            ),
        )
        for who in people
    ]
    return MeasuredPeople(settings, reports, facts)


def refresh_snapshots(
    uow: UnitOfWork,
    *,
    as_of: date,
    person_ids: Iterable[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
    committed: bool = False,
) -> int:
    """Compute and keep the figures of ``person_ids`` (everyone when None) as of ``as_of``
    from the current facts, ``REFRESH_SLICE`` people at a time; returns how many.
    ``progress(done, total)`` is told after each slice. ``committed``: this unit of work
    changed no facts (``ascent db refresh``), so they are read by ADBC (``_frames``)."""
    settings = measure_settings(uow)
    people = _identities(uow, team=None, people=None if person_ids is None else set(person_ids))
    strategies = strategies_by_team(uow)
    for done in range(0, len(people), REFRESH_SLICE):
        part = people[done : done + REFRESH_SLICE]
        figures = _figures(
            uow, part, as_of, settings, strategies, with_team=True, committed=committed
        )
        snapshots.write(uow, figures, as_of)
        if progress is not None:
            progress(done + len(part), len(people))
    return len(people)


def _figures(
    uow: UnitOfWork,
    people: Sequence[Identity],
    as_of: date,
    settings: MeasureSettings,
    strategies: Mapping[int, Strategy],
    *,
    with_team: bool = False,
    committed: bool = False,
) -> dict[int, PersonFigures]:
    """The figures of ``people`` computed column-wise from their facts (``_frames``), with
    their teams' ``strategies`` (``strategies_by_team``, read once by the caller)."""
    if not people:
        return {}
    ids = [who[0] for who in people]
    frames = _frames(uow, ids, as_of, strategies, committed=committed)
    effort = effort_counts(uow, as_of, settings.window_days, ids)
    by_person = {pid: strategies.get(team_id) for pid, team_id, *_ in people}
    return frame_figures(frames, effort, by_person, as_of, settings, with_team=with_team)


def _frames(
    uow: UnitOfWork,
    ids: list[int],
    as_of: date,
    strategies: Mapping[int, Strategy],
    *,
    committed: bool,
) -> FactFrames:
    """The facts of ``ids`` as Arrow frames: by ADBC, on a connection of its own, when they
    are committed (a reader's unit of work, or the caller says nothing here changed them:
    ``committed``) and the database allows it (PostgreSQL: ``arrow_facts.adbc_reads``);
    else through the unit of work's own connection, so that an import's refresh sees its
    rows before it commits."""
    org = uow.scope.org_id
    url = uow.engine.url
    if (committed or not uow.writer) and arrow_facts.adbc_reads(url):
        return arrow_facts.read_frames_adbc(
            url, org, person_ids=ids, as_of=as_of, strategies=strategies
        )
    connection = uow.session.connection()
    return arrow_facts.read_frames(
        connection, org, person_ids=ids, as_of=as_of, strategies=strategies
    )


def _facts(
    uow: UnitOfWork, ids: list[int], as_of: date, strategies: Mapping[int, Strategy]
) -> dict[int, PersonFacts]:
    return store_facts.load_facts(
        uow.session.connection(),
        uow.scope.org_id,
        person_ids=ids,
        as_of=as_of,
        strategies=strategies,
    )


def _report(who: Identity, figures: PersonFigures) -> PersonReport:
    row = _row(who, figures.counts, figures.outcomes, figures.last_activity)
    return PersonReport(row, figures.measures, figures.coverage, figures.team)


def _row(
    who: Identity, counts: dict[str, int], outcomes: int, last_activity: date | None
) -> PersonRow:
    pid, team_id, name, email, team_name = who
    return PersonRow(pid, team_id, name, email, team_name, counts, outcomes, last_activity)


def _identities(
    uow: UnitOfWork, *, team: str | None, people: int | Collection[int] | None
) -> list[Identity]:
    """The people of ``team`` (or just ``people``: one id or some), by team and name."""
    query = select(Person.id, Person.team_id, Person.name, Person.email, Team.name).join(
        Team, Team.id == Person.team_id
    )
    if team is not None:
        query = query.where(func.lower(Team.name) == team.strip().lower())
    if people is not None:
        query = query.where(Person.id.in_(_ids(people)))
    rows = uow.session.execute(query.order_by(Team.name, Person.name))
    return [(pid, tid, name, email, team_name) for pid, tid, name, email, team_name in rows]


def _outcome_counts(uow: UnitOfWork, start: date, end: date) -> dict[int, int]:
    o = Outcome
    rows = uow.session.execute(
        select(o.person_id, func.count()).where(o.day.between(start, end)).group_by(o.person_id)
    )
    return dict(rows.all())


def _last_activity(uow: UnitOfWork, as_of: date) -> dict[int, date]:
    a = ActivityDay
    rows = uow.session.execute(
        select(a.person_id, func.max(a.day)).where(a.day <= as_of).group_by(a.person_id)
    )
    return dict(rows.all())


def effort_counts(
    uow: UnitOfWork,
    as_of: date,
    window_days: int,
    people: int | Collection[int] | None,
    *,
    team_id: int | None = None,
) -> dict[int, dict[tuple[str, str], int]]:
    """Activity counts by (kind, channel) per person (of ``people``: one id, some, or everyone
    when None; of one team, with ``team_id``) over the trailing window."""
    first = as_of - timedelta(days=window_days - 1)
    a = ActivityDay
    query = select(a.person_id, a.kind, a.channel, func.sum(a.n)).where(a.day.between(first, as_of))
    if people is not None:
        query = query.where(a.person_id.in_(_ids(people)))
    if team_id is not None:
        query = query.join(Person, Person.id == a.person_id).where(Person.team_id == team_id)
    rows = uow.session.execute(query.group_by(a.person_id, a.kind, a.channel))
    counts: dict[int, dict[tuple[str, str], int]] = {}
    for pid, kind, channel, n in rows:
        counts.setdefault(pid, {})[(kind, channel)] = int(n)
    return counts


def _ids(people: int | Collection[int]) -> list[int]:
    """One person's id, or some, as the list an ``IN`` binds."""
    return [people] if isinstance(people, int) else sorted(people)
