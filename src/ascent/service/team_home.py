"""The programme lead's home for one team: the grid with the trend since last week, who needs
a conversation this week and why, the funnel and the phase distribution over time.

Everything is read from the people use case (``measure_people``): the measures as of the day
and as of a week earlier, and the facts those were computed from, so no measure is computed a
second way. Team figures (the funnel, the phase distribution) describe the team as a whole;
they are hidden when the team has fewer people than the org's ``k_anonymity``, so that a
figure of two or three people cannot be read back to one of them. The grid of individuals
stays: a lead may see each of their people.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

from sqlalchemy import select

from ascent.analytics.calendar import week_start
from ascent.analytics.facts import PersonFacts
from ascent.analytics.phases import BASE_RISK
from ascent.analytics.timeline import WeekPhase
from ascent.domain.vocabulary import Phase
from ascent.errors import NotFound
from ascent.service.org_settings import k_anonymity
from ascent.service.people import PersonReport, measure_people, people_reports
from ascent.store.models import Team
from ascent.store.scope import UnitOfWork

#: quit risk from which a lead should talk to the person this week: above the valley's own
#: 0.5, so it takes falling effort, idle days or an earlier phase going wrong on top of it
HIGH_QUIT_RISK: Final = 0.6
#: the trend compares the day with the same day a week earlier
TREND_DAYS: Final = 7
#: the phase distribution covers the last 26 ISO weeks (half a year, the demo's length)
DISTRIBUTION_WEEKS: Final = 26
FUNNEL_STAGES: Final = ("touches", "answers", "meetings", "opportunities", "deals")


@dataclass(frozen=True, slots=True)
class GridRow:
    """One person of the team as of the day, and how they moved since a week earlier."""

    person_id: int
    person: str
    phase: Phase
    quit_risk: float
    jigsaw: float
    listen_push_ratio: float | None
    phase_before: Phase
    quit_risk_before: float
    jigsaw_before: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "person_id": self.person_id,
            "person": self.person,
            "phase": self.phase,
            "quit_risk": round(self.quit_risk, 3),
            "jigsaw": round(self.jigsaw, 3),
            "listen_push_ratio": _round(self.listen_push_ratio),
            "trend": {
                "phase_before": self.phase_before,
                "quit_risk_change": _change(self.quit_risk, self.quit_risk_before),
                "jigsaw_change": _change(self.jigsaw, self.jigsaw_before),
            },
        }


@dataclass(frozen=True, slots=True)
class Conversation:
    """Someone to talk to this week: what flagged them (``why``) and the phase's reason."""

    person_id: int
    person: str
    phase: Phase
    quit_risk: float
    why: tuple[str, ...]
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "person_id": self.person_id,
            "person": self.person,
            "phase": self.phase,
            "quit_risk": round(self.quit_risk, 3),
            "why": list(self.why),
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Funnel:
    """Touches → answers → meetings → opportunities → deals (won) of the team over a window."""

    first_day: date
    last_day: date
    stages: tuple[tuple[str, int], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "first_day": self.first_day.isoformat(),
            "last_day": self.last_day.isoformat(),
            "days": (self.last_day - self.first_day).days + 1,
            "stages": [{"stage": stage, "n": n} for stage, n in self.stages],
        }


@dataclass(frozen=True, slots=True)
class PhaseDistribution:
    """People per phase per ISO week (Monday), every phase every week, zeros included."""

    weeks: tuple[date, ...]
    counts: tuple[tuple[date, Phase, int], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "weeks": len(self.weeks),
            "rows": [
                {"week": week.isoformat(), "phase": phase, "people": n}
                for week, phase, n in self.counts
            ],
        }


@dataclass(frozen=True)
class TeamHome:
    """The lead home of one team as of a day (the page and its JSON twin)."""

    team_id: int
    team: str
    as_of: date
    trend_since: date
    k_anonymity: int
    people: list[GridRow]
    conversations: list[Conversation]
    #: None when hidden (fewer people than ``k_anonymity``), with ``hidden_reason`` saying so
    funnel: Funnel | None
    phase_distribution: PhaseDistribution | None
    hidden_reason: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "team": {"id": self.team_id, "name": self.team},
            "as_of": self.as_of.isoformat(),
            "trend_since": self.trend_since.isoformat(),
            "k_anonymity": self.k_anonymity,
            "people": [row.to_dict() for row in self.people],
            "conversations": [c.to_dict() for c in self.conversations],
            "funnel": None if self.funnel is None else self.funnel.to_dict(),
            "phase_distribution": _dict_or_none(self.phase_distribution),
            "hidden_reason": self.hidden_reason,
        }


def team_home(uow: UnitOfWork, *, team_id: int, as_of: date) -> TeamHome:
    """The lead home of team ``team_id`` as of ``as_of`` (its figures hidden below k)."""
    name = _team_name(uow, team_id)
    measured = measure_people(uow, as_of=as_of, team=name)
    now = [r for r in measured.reports if r.row.team_id == team_id]
    since = as_of - timedelta(days=TREND_DAYS)
    before = {r.row.person_id: r for r in people_reports(uow, as_of=since, team=name)}
    k = k_anonymity(uow)
    shown = len(now) >= k
    days = measured.settings.results_window_days
    facts = [measured.facts[r.row.person_id] for r in now]
    return TeamHome(
        team_id=team_id,
        team=name,
        as_of=as_of,
        trend_since=since,
        k_anonymity=k,
        people=[_grid_row(r, before[r.row.person_id]) for r in now],
        conversations=conversations(now),
        funnel=funnel(facts, as_of, days) if shown else None,
        phase_distribution=phase_distribution([r.measures.timeline for r in now], as_of)
        if shown
        else None,
        hidden_reason=None if shown else f"fewer than {k} people",
    )


def conversations(reports: Iterable[PersonReport]) -> list[Conversation]:
    """Who needs a conversation this week, highest quit risk first (then by name)."""
    found = []
    for report in reports:
        why = _why(report)
        if why:
            m = report.measures
            row = report.row
            found.append(
                Conversation(row.person_id, row.person, m.phase, m.quit_risk, why, m.reason)
            )
    return sorted(found, key=lambda c: (-c.quit_risk, c.person))


def funnel(facts: Iterable[PersonFacts], as_of: date, days: int) -> Funnel:
    """The team's touches, answers, meetings, opportunities and won deals over the ``days``
    days ending ``as_of``.

    Touches and answers come from the pursuit rollup; meetings are those held with a contact
    (rollup) plus those booked (outcomes), as a pursuit's ``meeting`` status counts either;
    opportunities and deals (won) are outcomes.
    """
    first = as_of - timedelta(days=days - 1)
    touches = answers = meetings = 0
    kinds: Counter[str] = Counter()
    for person in facts:
        for day in person.contact_days:
            if first <= day.day <= as_of:
                touches, answers = touches + day.touches, answers + day.answers
                meetings += day.meetings
        kinds.update(o.kind for o in person.outcomes if first <= o.day <= as_of)
    meetings += kinds["meeting_booked"]
    counts = (touches, answers, meetings, kinds["opportunity"], kinds["deal_won"])
    return Funnel(first, as_of, tuple(zip(FUNNEL_STAGES, counts, strict=True)))


def phase_distribution(timelines: Iterable[Sequence[WeekPhase]], as_of: date) -> PhaseDistribution:
    """People per phase in each of the last ``DISTRIBUTION_WEEKS`` weeks, from each person's
    weekly timeline; a week before a person's programme start counts as not started."""
    last = week_start(as_of)
    weeks = tuple(last - timedelta(weeks=n) for n in range(DISTRIBUTION_WEEKS - 1, -1, -1))
    counts = {(week, phase): 0 for week in weeks for phase in Phase}
    for timeline in timelines:
        phases = {w.week: w.phase for w in timeline}
        for week in weeks:
            counts[week, phases.get(week, Phase.NOT_STARTED)] += 1
    return PhaseDistribution(weeks, tuple((w, p, n) for (w, p), n in counts.items()))


def _why(report: PersonReport) -> tuple[str, ...]:
    """What flags a person for a conversation, in words: lapsed, a high quit risk, or the
    valley with falling effort (effort lower than the week before and the quit risk above the
    valley's own, so the measure sees the fall too, not a wobble of one week)."""
    m = report.measures
    why = []
    if m.phase is Phase.LAPSED:
        why.append("lapsed: the routine has stopped")
    if m.quit_risk >= HIGH_QUIT_RISK:
        why.append(f"quit risk {m.quit_risk:.2f} ({HIGH_QUIT_RISK:.1f} or more is high)")
    falling = _falling_effort(m.timeline)
    valley = BASE_RISK[Phase.VALLEY_OF_DESPAIR]
    if m.phase is Phase.VALLEY_OF_DESPAIR and m.quit_risk > valley and falling is not None:
        before, now = falling
        why.append(
            f"in the valley of despair with effort falling from {before:.0%} to {now:.0%} "
            f"of the start level in a week (quit risk above the valley's {valley:.2f})"
        )
    return tuple(why)


def _falling_effort(timeline: Sequence[WeekPhase]) -> tuple[float, float] | None:
    """(last week's effort, this week's) when effort fell between the last two weeks."""
    if len(timeline) < 2:
        return None
    before, now = timeline[-2].effort, timeline[-1].effort
    if before is None or now is None or now >= before:
        return None
    return before, now


def _grid_row(now: PersonReport, before: PersonReport) -> GridRow:
    m, b = now.measures, before.measures
    return GridRow(
        now.row.person_id,
        now.row.person,
        m.phase,
        m.quit_risk,
        m.jigsaw.jigsaw,
        m.listen_push_ratio,
        b.phase,
        b.quit_risk,
        b.jigsaw.jigsaw,
    )


def _team_name(uow: UnitOfWork, team_id: int) -> str:
    name = uow.session.scalar(select(Team.name).where(Team.id == team_id))
    if name is None:
        raise NotFound(f"no team {team_id} in this org")
    return name


def _change(now: float, before: float) -> float:
    """The change between the two figures as shown (3 places), so the twin's numbers add up."""
    return round(round(now, 3) - round(before, 3), 3)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _dict_or_none(view: PhaseDistribution | None) -> dict[str, Any] | None:
    return None if view is None else view.to_dict()
