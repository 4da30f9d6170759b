"""The served snapshot: each person's figures as of a day, kept so that the overview and the
lead home read them instead of computing them.

A snapshot row holds ``figures.PersonFigures`` (with the lead home's share) as exact JSON,
the day it is as of, the metrics version and the two *fact versions* it was computed from:
the org's and the person's. Every change that can move a person's measures raises one of
them in the same transaction (``facts_changed``): an import for the people it touched, a
pause or a programme start for that person, anything wider (settings, a strategy, a merge
or split, a rebuild of the rollups) for the whole org. A row is served only when its day is
the day asked for and its three versions are the current ones, so a stale row is never
served; it is recomputed by the next import of that person or by ``ascent db refresh``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select, update

from ascent.analytics.coverage import Coverage
from ascent.analytics.jigsaw import Jigsaw
from ascent.analytics.person import METRICS_VERSION, PersonMeasures
from ascent.analytics.pursuits import PursuitSummary
from ascent.analytics.timeline import WeekPhase
from ascent.domain.vocabulary import Phase
from ascent.service.figures import PersonFigures, TeamShare, Trend
from ascent.store.engine import upsert_insert
from ascent.store.models import Org, Person, Snapshot
from ascent.store.scope import UnitOfWork


def facts_changed(uow: UnitOfWork, people: Iterable[int] | None = None) -> None:
    """Say that the measures of ``people`` (of everyone in the org when None) may have moved:
    their snapshots stop being served. Call it in the transaction that changes them."""
    if people is None:
        uow.session.execute(
            update(Org)
            .where(Org.id == uow.scope.org_id)
            .values(facts_version=Org.facts_version + 1)
        )
        return
    ids = sorted(set(people))
    if ids:
        uow.session.execute(
            update(Person)
            .where(Person.id.in_(ids))
            .values(facts_version=Person.facts_version + 1)
            .execution_options(synchronize_session=False)
        )


def read(uow: UnitOfWork, person_ids: list[int], as_of: date) -> dict[int, PersonFigures]:
    """The figures the snapshot holds for these people as of ``as_of`` from the current facts
    and metrics (people it holds none for, or only stale ones, are left out)."""
    if not person_ids:
        return {}
    s = Snapshot
    rows = uow.session.execute(
        select(s.person_id, s.figures)
        .join(Person, Person.id == s.person_id)
        .join(Org, Org.id == s.org_id)
        .where(
            s.person_id.in_(person_ids),
            s.as_of == as_of,
            s.metrics_version == METRICS_VERSION,
            s.org_version == Org.facts_version,
            s.person_version == Person.facts_version,
        )
    )
    return {pid: decode(text) for pid, text in rows}


def write(uow: UnitOfWork, figures: Mapping[int, PersonFigures], as_of: date) -> None:
    """Keep these figures as of ``as_of``, stamped with the current fact versions (read in
    this transaction, after the changes it made: ``facts_changed`` comes first)."""
    if not figures:
        return
    org_id = uow.scope.org_id
    org_version = uow.session.scalar(select(Org.facts_version).where(Org.id == org_id))
    versions = dict(
        uow.session.execute(
            select(Person.id, Person.facts_version).where(Person.id.in_(list(figures)))
        ).all()
    )
    at = datetime.now(UTC)
    rows = [
        {
            "org_id": org_id,
            "person_id": pid,
            "as_of": as_of,
            "metrics_version": METRICS_VERSION,
            "org_version": org_version,
            "person_version": versions[pid],
            "figures": encode(f),
            "computed_at": at,
        }
        for pid, f in figures.items()
    ]
    insert = upsert_insert(uow.session.connection(), Snapshot)
    kept = ("as_of", "metrics_version", "org_version", "person_version", "figures")
    uow.session.execute(
        insert.on_conflict_do_update(
            index_elements=["org_id", "person_id"],
            set_={c: getattr(insert.excluded, c) for c in (*kept, "computed_at")},
        ),
        rows,
    )


def encode(figures: PersonFigures) -> str:
    """The figures as JSON text; every float keeps its exact value (``repr`` round-trips)."""
    m = figures.measures
    data: dict[str, Any] = {
        "counts": figures.counts,
        "outcomes": figures.outcomes,
        "last_activity": _day_text(figures.last_activity),
        "measures": {
            "as_of": m.as_of.isoformat(),
            "programme_start": _day_text(m.programme_start),
            "phase": m.phase.value,
            "quit_risk": m.quit_risk,
            "reason": m.reason,
            "habit": m.habit,
            "listen_push_ratio": m.listen_push_ratio,
            "jigsaw": [
                m.jigsaw.pillars,
                m.jigsaw.jigsaw,
                m.jigsaw.additive,
                m.jigsaw.weakest_pillar,
                m.jigsaw.notes,
            ],
            "pursuits": [
                m.pursuits.pursuits,
                m.pursuits.answered,
                m.pursuits.answer_rate,
                list(m.pursuits.touches_to_first_answer.items()),
                m.pursuits.median_touches_to_first_answer,
            ],
            "timeline": [
                [
                    w.week.isoformat(),
                    w.day.isoformat(),
                    w.phase.value,
                    w.quit_risk,
                    w.effort,
                    w.consistency,
                    w.outcomes,
                    w.reason,
                ]
                for w in m.timeline
            ],
        },
        "coverage": [
            figures.coverage.share,
            figures.coverage.effort,
            figures.coverage.by_tactic,
            [[k, c, n] for (k, c), n in figures.coverage.without_strategy.items()],
        ],
        "team": None if figures.team is None else _team_data(figures.team),
    }
    return json.dumps(data, separators=(",", ":"), allow_nan=False)


def decode(text: str) -> PersonFigures:
    """``encode``'s figures back, equal to those encoded."""
    data = json.loads(text)
    m = data["measures"]
    pillars, jigsaw, additive, weakest, notes = m["jigsaw"]
    count, answered, rate, touches, median = m["pursuits"]
    share, effort, by_tactic, without = data["coverage"]
    measures = PersonMeasures(
        date.fromisoformat(m["as_of"]),
        _day(m["programme_start"]),
        Phase(m["phase"]),
        m["quit_risk"],
        m["reason"],
        m["habit"],
        m["listen_push_ratio"],
        Jigsaw(pillars, jigsaw, additive, weakest, notes),
        PursuitSummary(count, answered, rate, {int(k): v for k, v in touches}, median),
        [
            WeekPhase(
                date.fromisoformat(week),
                date.fromisoformat(day),
                Phase(phase),
                risk,
                week_effort,
                consistency,
                outcomes,
                reason,
            )
            for week, day, phase, risk, week_effort, consistency, outcomes, reason in m["timeline"]
        ],
    )
    team = data["team"]
    return PersonFigures(
        counts=data["counts"],
        outcomes=data["outcomes"],
        last_activity=_day(data["last_activity"]),
        measures=measures,
        coverage=Coverage(share, effort, by_tactic, {(k, c): n for k, c, n in without}),
        team=None if team is None else _team(team),
    )


def _team_data(team: TeamShare) -> dict[str, Any]:
    trend = team.trend
    return {
        "trend": [trend.phase.value, trend.quit_risk, trend.jigsaw],
        "funnel": list(team.funnel),
        "described_weeks": sorted(d.isoformat() for d in team.described_weeks),
    }


def _team(data: dict[str, Any]) -> TeamShare:
    phase, quit_risk, jigsaw = data["trend"]
    return TeamShare(
        Trend(Phase(phase), quit_risk, jigsaw),
        tuple(data["funnel"]),
        frozenset(date.fromisoformat(d) for d in data["described_weeks"]),
    )


def _day_text(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)
