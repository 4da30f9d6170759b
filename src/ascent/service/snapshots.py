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
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, Final, overload

from sqlalchemy import select, update

from ascent.analytics.coverage import Coverage
from ascent.analytics.jigsaw import Jigsaw
from ascent.analytics.person import METRICS_VERSION, PersonMeasures
from ascent.analytics.pursuits import PursuitSummary
from ascent.analytics.timeline import WeekPhase
from ascent.domain.vocabulary import Phase
from ascent.service.figures import PersonFigures, TeamShare, Trend, distribution_weeks
from ascent.store.engine import upsert_insert
from ascent.store.models import Org, Person, Snapshot
from ascent.store.scope import UnitOfWork

#: how figures are written as JSON: a row written another way is not served (recomputed)
FORMAT: Final = 1
#: phases by their place in ``Phase``, the order they are stored by
PHASES: Final = tuple(Phase)


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
        select(s.person_id, s.figures, s.timeline)
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
    found = {pid: decode(text, timeline) for pid, text, timeline in rows}
    return {pid: figures for pid, figures in found.items() if figures is not None}


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
            "timeline": encode_timeline(f.measures.timeline),
            "computed_at": at,
        }
        for pid, f in figures.items()
    ]
    insert = upsert_insert(uow.session.connection(), Snapshot)
    replaced = [c for c in rows[0] if c not in ("org_id", "person_id")]
    uow.session.execute(
        insert.on_conflict_do_update(
            index_elements=["org_id", "person_id"],
            set_={c: getattr(insert.excluded, c) for c in replaced},
        ),
        rows,
    )


def encode(figures: PersonFigures) -> str:
    """The figures but the timeline as JSON text; every float keeps its exact value
    (``repr`` round-trips)."""
    m = figures.measures
    data: dict[str, Any] = {
        "format": FORMAT,
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
        },
        "coverage": [
            figures.coverage.share,
            figures.coverage.effort,
            figures.coverage.by_tactic,
            [[k, c, n] for (k, c), n in figures.coverage.without_strategy.items()],
        ],
        "team": None if figures.team is None else _team_data(figures.team, m.as_of),
    }
    return json.dumps(data, separators=(",", ":"))


def decode(text: str, timeline: str) -> PersonFigures | None:
    """``encode``'s figures back with ``encode_timeline``'s timeline, equal to those encoded
    (None for another ``FORMAT``'s); the timeline is decoded when first read."""
    data = json.loads(text)
    if data.get("format") != FORMAT:
        return None
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
        StoredTimeline(timeline),
    )
    team = data["team"]
    return PersonFigures(
        counts=data["counts"],
        outcomes=data["outcomes"],
        last_activity=_day(data["last_activity"]),
        measures=measures,
        coverage=Coverage(share, effort, by_tactic, {(k, c): n for k, c, n in without}),
        team=None if team is None else _team(team, measures.as_of),
    )


class StoredTimeline(Sequence[WeekPhase]):
    """A served person's weekly timeline, decoded from its JSON when first read: most of a
    snapshot is the timeline, and the overview and the lead home do not read it (the lead
    home reads ``TeamShare``)."""

    __slots__ = ("_text", "_weeks")

    def __init__(self, text: str) -> None:
        self._text = text
        self._weeks: list[WeekPhase] | None = None

    def _decoded(self) -> list[WeekPhase]:
        if self._weeks is None:
            self._weeks = _timeline(json.loads(self._text))
        return self._weeks

    @overload
    def __getitem__(self, index: int) -> WeekPhase: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[WeekPhase]: ...
    def __getitem__(self, index: int | slice) -> WeekPhase | Sequence[WeekPhase]:
        return self._decoded()[index]

    def __len__(self) -> int:
        return len(self._decoded())

    def __eq__(self, other: object) -> bool:
        """Equal to any sequence of the same weeks (a computed timeline is a list)."""
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"StoredTimeline({self._decoded()!r})"


def encode_timeline(weeks: Sequence[WeekPhase]) -> str:
    """The weekly timeline as JSON columns (days as ordinals, phases and reasons as indexes)."""
    reasons = list(dict.fromkeys(w.reason for w in weeks))
    place = {r: i for i, r in enumerate(reasons)}
    data = {
        "week": [w.week.toordinal() for w in weeks],
        "day": [w.day.toordinal() for w in weeks],
        "phase": [PHASES.index(w.phase) for w in weeks],
        "quit_risk": [w.quit_risk for w in weeks],
        "effort": [w.effort for w in weeks],
        "consistency": [w.consistency for w in weeks],
        "outcomes": [w.outcomes for w in weeks],
        "reason": [place[w.reason] for w in weeks],
        "reasons": reasons,
    }
    return json.dumps(data, separators=(",", ":"))


def _timeline(data: dict[str, list[Any]]) -> list[WeekPhase]:
    reasons, ordinal = data["reasons"], date.fromordinal
    return [
        WeekPhase(ordinal(week), ordinal(day), PHASES[phase], risk, effort, kept, n, reasons[r])
        for week, day, phase, risk, effort, kept, n, r in zip(
            data["week"],
            data["day"],
            data["phase"],
            data["quit_risk"],
            data["effort"],
            data["consistency"],
            data["outcomes"],
            data["reason"],
            strict=True,
        )
    ]


def _team_data(team: TeamShare, as_of: date) -> dict[str, Any]:
    """The lead-home share; its described weeks as places among ``distribution_weeks``."""
    trend = team.trend
    weeks = distribution_weeks(as_of)
    return {
        "trend": [PHASES.index(trend.phase), trend.quit_risk, trend.jigsaw],
        "funnel": list(team.funnel),
        "phases": [PHASES.index(p) for p in team.phases],
        "described_weeks": [i for i, week in enumerate(weeks) if week in team.described_weeks],
        "efforts": list(team.efforts),
    }


def _team(data: dict[str, Any], as_of: date) -> TeamShare:
    phase, quit_risk, jigsaw = data["trend"]
    weeks = distribution_weeks(as_of)
    return TeamShare(
        Trend(PHASES[phase], quit_risk, jigsaw),
        tuple(data["funnel"]),
        tuple(PHASES[p] for p in data["phases"]),
        frozenset(weeks[i] for i in data["described_weeks"]),
        tuple(data["efforts"]),
    )


def _day_text(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)
