"""The programme report of one team from one day to another (``ascent report``): a list of
sections, each a title and the plain data its tables and charts are drawn from.

Each section is built by one function of ``ReportInput`` (everyone's measures and facts as
of the last day, loaded once) listed in ``SECTIONS``, so a new section is a few lines here
and one template. Team figures (the phase distribution, the team's routine per day, the
funnel) add people up: each is shown only when the people it describes number at least the
org's ``k_anonymity``, as on the lead home; the rows of individuals stay, since the report
is the lead's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ascent.analytics.calendar import week_start
from ascent.domain.vocabulary import ROUTINE_KINDS
from ascent.errors import ConfigError
from ascent.service import results
from ascent.service.directory import team_called
from ascent.service.market import market as market_view
from ascent.service.org_settings import k_anonymity
from ascent.service.people import MeasuredPeople, measure_people
from ascent.service.team_home import conversations, funnel, phase_distribution
from ascent.store.scope import UnitOfWork

#: the longest span the team's routine calendar shows (the web's calendar shows 26 weeks)
CALENDAR_WEEKS = 26


@dataclass(frozen=True)
class ReportInput:
    """What every section is built from: the team, the days, and everyone's measures."""

    uow: UnitOfWork
    team_id: int
    team: str
    first: date
    last: date
    k: int
    measured: MeasuredPeople


@dataclass(frozen=True)
class Section:
    """One section of the report: ``data`` is what its template and charts read."""

    key: str
    title: str
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, **self.data}


@dataclass(frozen=True)
class ProgrammeReport:
    """The report (``ascent report --json`` prints ``to_dict()``)."""

    team_id: int
    team: str
    first_day: date
    last_day: date
    k_anonymity: int
    people: int
    sections: list[Section]

    def to_dict(self) -> dict[str, Any]:
        return {
            "team": {"id": self.team_id, "name": self.team},
            "first_day": self.first_day.isoformat(),
            "last_day": self.last_day.isoformat(),
            "k_anonymity": self.k_anonymity,
            "people": self.people,
            "sections": [s.to_dict() for s in self.sections],
        }


def programme_report(
    uow: UnitOfWork, *, team: str | None, first: date, last: date
) -> ProgrammeReport:
    """The report of ``team`` (the org's only team when None) from ``first`` to ``last``."""
    if first > last:
        raise ConfigError(f"--from {first.isoformat()} is after --to {last.isoformat()}")
    found = team_called(uow, team)
    measured = measure_people(uow, as_of=last, team=found.name)
    given = ReportInput(uow, found.id, found.name, first, last, k_anonymity(uow), measured)
    sections = [Section(key, title, build(given)) for key, title, build in SECTIONS]
    return ProgrammeReport(
        found.id, found.name, first, last, given.k, len(measured.reports), sections
    )


def _hidden(k: int, what: str) -> str:
    return f"fewer than {k} people {what}"


def phases(given: ReportInput) -> dict[str, Any]:
    """Each person's phase at the start and the end, and the team's phases week by week
    (the weeks from ``first`` on; hidden below k like the lead home's)."""
    m = given.measured
    people = [(r.measures.timeline, m.facts[r.row.person_id]) for r in m.reports]
    found = phase_distribution(people, given.last).at_least(given.k)
    first_week = week_start(given.first)
    rows = None
    if found is not None:
        rows = [r for r in found.to_dict()["rows"] if r["week"] >= first_week.isoformat()]
    return {
        "people": [_phase_row(r.row.person, r.measures.timeline, given) for r in m.reports],
        "distribution": rows or None,
        "distribution_hidden": None
        if rows
        else _hidden(given.k, "past their programme start or active in the last week"),
    }


def _phase_row(person: str, timeline: Any, given: ReportInput) -> dict[str, Any]:
    at_start = [w for w in timeline if w.day <= given.first] or [timeline[0]]
    now = timeline[-1]
    return {
        "person": person,
        "phase_at_start": at_start[-1].phase.value,
        "phase": now.phase.value,
        "quit_risk": round(now.quit_risk, 3),
        "reason": now.reason,
    }


def habits(given: ReportInput) -> dict[str, Any]:
    """Each person's habit strength per mode, listen/push and jigsaw as of ``last``; the
    team's routine actions per day from ``first`` (hidden below k people with any)."""
    m = given.measured
    people = [
        {
            "person": r.row.person,
            "habit": {mode: round(v, 3) for mode, v in r.measures.habit.items()},
            "listen_push_ratio": None
            if r.measures.listen_push_ratio is None
            else round(r.measures.listen_push_ratio, 3),
            "jigsaw": round(r.measures.jigsaw.jigsaw, 3),
            "weakest_pillar": r.measures.jigsaw.weakest_pillar,
        }
        for r in m.reports
    ]
    per_day: dict[date, int] = {}
    active = 0
    for facts in m.facts.values():
        mine = {
            day: sum(n for kind, n in counts.items() if kind in ROUTINE_KINDS)
            for day, counts in facts.days.items()
            if given.first <= day <= given.last
        }
        active += any(mine.values())
        for day, n in mine.items():
            per_day[day] = per_day.get(day, 0) + n
    shown = active >= given.k
    days = [{"day": d.isoformat(), "n": n} for d, n in sorted(per_day.items()) if n]
    return {
        "people": people,
        "calendar_weeks": calendar_weeks(given.first, given.last),
        "routine_days": days if shown else None,
        "routine_days_hidden": None if shown else _hidden(given.k, "with routine activity"),
    }


def calendar_weeks(first: date, last: date) -> int:
    """The weeks of the team's routine calendar: those from ``first``'s to ``last``'s (at
    most ``CALENDAR_WEEKS``)."""
    return min(CALENDAR_WEEKS, (week_start(last) - week_start(first)).days // 7 + 1)


def pursuits(given: ReportInput) -> dict[str, Any]:
    """The team's funnel from ``first`` to ``last`` (hidden below k people who add to it) and
    each person's pursuits as of ``last``."""
    m = given.measured
    days = (given.last - given.first).days + 1
    found = funnel(m.facts.values(), given.last, days)
    shown = found.people >= given.k
    people = []
    for r in m.reports:
        p = r.measures.pursuits
        people.append(
            {
                "person": r.row.person,
                "pursuits": p.pursuits,
                "answered": p.answered,
                "answer_rate": None if p.answer_rate is None else round(p.answer_rate, 3),
                "median_touches_to_first_answer": p.median_touches_to_first_answer,
            }
        )
    return {
        "people": people,
        "funnel": found.to_dict() if shown else None,
        "funnel_hidden": None if shown else _hidden(given.k, "with a touch or an outcome"),
    }


def conversation(given: ReportInput) -> dict[str, Any]:
    """Who needs a conversation as of ``last`` and why (the lead home's list, with what
    replication flags)."""
    flagged = results.flagged_people(given.uow, team_id=given.team_id, as_of=given.last)
    return {"people": [c.to_dict() for c in conversations(given.measured.reports, flagged)]}


def attribution(given: ReportInput) -> dict[str, Any]:
    """Outcomes by source and by the touches before them (``service.results``) over the
    results window to ``last``: a team figure, hidden below k people with an outcome in it."""
    view = results.attribution(given.uow, team_id=given.team_id, as_of=given.last).to_dict()
    first = date.fromisoformat(view["first_day"])
    people = sum(
        any(first <= o.day <= given.last for o in facts.outcomes)
        for facts in given.measured.facts.values()
    )
    shown = people >= given.k
    return {
        "attribution": view if shown else None,
        "attribution_hidden": None if shown else _hidden(given.k, "with an outcome in the window"),
    }


def uplift(given: ReportInput) -> dict[str, Any]:
    """Uplift per target account and seller, and over all target accounts: the programme's
    figure is the team's, hidden below k sellers with a target account in it."""
    view = results.uplift(given.uow, team_id=given.team_id, as_of=given.last).to_dict()
    sellers = len({a["person_id"] for a in view["accounts"]})
    shown = sellers >= given.k
    why = _hidden(given.k, "working a target account") if sellers else "no target account worked"
    return {
        "uplift": view | {"programme": view["programme"] if shown else None},
        "programme_hidden": None if shown else why,
    }


def replication(given: ReportInput) -> dict[str, Any]:
    """Per seller: target accounts with the routine running, with outcomes, and the flags."""
    view = results.replication(given.uow, team_id=given.team_id, as_of=given.last)
    return {"replication": view.to_dict()}


def market(given: ReportInput) -> dict[str, Any]:
    """What the market says as of ``last`` (``service.market``): rising terms, questions, and
    the gap to the team's own posts. Texts of others, not figures of the team's people."""
    view = market_view(given.uow, team_id=given.team_id, as_of=given.last)
    return {"market": view.to_dict()}


#: the sections in the order the report shows them: key, heading, builder
SECTIONS: list[tuple[str, str, Callable[[ReportInput], dict[str, Any]]]] = [
    ("phases", "Phases over time", phases),
    ("habits", "Habits", habits),
    ("pursuits", "Pursuits", pursuits),
    ("attribution", "Attribution", attribution),
    ("uplift", "Uplift", uplift),
    ("replication", "Replication", replication),
    ("market", "Market", market),
    ("conversations", "Who needs a conversation", conversation),
]


def first_of_range(last: date, weeks: int = 12) -> date:
    """The default first day: the Monday ``weeks`` weeks before ``last``'s week ends."""
    return week_start(last) - timedelta(weeks=weeks - 1)
