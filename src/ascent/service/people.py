"""The people overview: one row per person with activity counts by mode over 28 days.

Read from the ``activity_days`` rollup, never from raw activities.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from ascent.domain.vocabulary import MODES, mode_of
from ascent.service.directory import current_org
from ascent.store.models import ActivityDay, Outcome, Person, Team
from ascent.store.scope import UnitOfWork

WINDOW_DAYS = 28


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


def list_people(uow: UnitOfWork, *, as_of: date, team: str | None = None) -> list[PersonRow]:
    """Every person (of ``team`` if given) with counts by mode in the 28 days up to ``as_of``."""
    current_org(uow)
    query = select(Person.id, Person.team_id, Person.name, Person.email, Team.name).join(
        Team, Team.id == Person.team_id
    )
    if team is not None:
        query = query.where(func.lower(Team.name) == team.strip().lower())
    people = uow.session.execute(query.order_by(Team.name, Person.name)).all()
    start = as_of - timedelta(days=WINDOW_DAYS - 1)
    counts = _mode_counts(uow, start, as_of)
    outcomes = _outcome_counts(uow, start, as_of)
    last = _last_activity(uow, as_of)
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


def _mode_counts(uow: UnitOfWork, start: date, end: date) -> dict[int, dict[str, int]]:
    rows = uow.session.execute(
        select(ActivityDay.person_id, ActivityDay.kind, func.sum(ActivityDay.n))
        .where(ActivityDay.day.between(start, end))
        .group_by(ActivityDay.person_id, ActivityDay.kind)
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for person_id, kind, n in rows:
        mode = mode_of(kind)
        counts[person_id][mode] = counts[person_id].get(mode, 0) + int(n)
    return counts


def _outcome_counts(uow: UnitOfWork, start: date, end: date) -> dict[int, int]:
    rows = uow.session.execute(
        select(Outcome.person_id, func.count())
        .where(Outcome.day.between(start, end))
        .group_by(Outcome.person_id)
    )
    return dict(rows.all())


def _last_activity(uow: UnitOfWork, as_of: date) -> dict[int, date]:
    rows = uow.session.execute(
        select(ActivityDay.person_id, func.max(ActivityDay.day))
        .where(ActivityDay.day <= as_of)
        .group_by(ActivityDay.person_id)
    )
    return dict(rows.all())
