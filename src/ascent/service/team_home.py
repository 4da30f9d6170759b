"""The programme lead's home for one team: the grid with the trend since last week, who needs
a conversation this week and why, the funnel and the phase distribution over time.

Everything is read from the people use case (``serve_people``): each person's measures as of
the day and their share of the lead home (``figures.TeamShare``: the week-ago trend, the
funnel counts, the weeks they describe), from the snapshot when it holds that day, else
computed from their facts, so no measure is computed a second way. Team figures (the funnel,
the phase distribution) add people up; each is shown only when the people it actually
describes number at least the org's ``k_anonymity`` (not the team's current members: a team
of seven with three people's data is a figure of three), so that a figure of two or three
people cannot be read back to one of them. The grid of individuals stays: a lead may see each
of their people.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

from ascent.analytics.facts import PersonFacts
from ascent.analytics.phases import BASE_RISK
from ascent.analytics.timeline import WeekPhase
from ascent.domain.vocabulary import Phase
from ascent.service.directory import team_name
from ascent.service.figures import (
    FUNNEL_STAGES,
    TREND_DAYS,
    TeamShare,
    Trend,
    described_weeks,
    distribution_phases,
    distribution_weeks,
    person_funnel,
)
from ascent.service.org_settings import k_anonymity
from ascent.service.people import PersonReport, serve_people
from ascent.service.results import flagged_people
from ascent.store.scope import UnitOfWork

#: quit risk from which a lead should talk to the person this week: above the valley's own
#: 0.5, so it takes falling effort, idle days or an earlier phase going wrong on top of it
HIGH_QUIT_RISK: Final = 0.6


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
    #: the people it describes: those who add to at least one stage in the window
    people: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "first_day": self.first_day.isoformat(),
            "last_day": self.last_day.isoformat(),
            "days": (self.last_day - self.first_day).days + 1,
            "people": self.people,
            "stages": [{"stage": stage, "n": n} for stage, n in self.stages],
        }


@dataclass(frozen=True, slots=True)
class PhaseDistribution:
    """People per phase per ISO week (Monday), every phase every week, zeros included.

    ``described`` is, per week, how many people that week says something about: those past
    their programme start, or with any activity or outcome that week (the not started are
    counted so that a week adds up to the team, but a week of them only says little).
    """

    weeks: tuple[date, ...]
    counts: tuple[tuple[date, Phase, int], ...]
    described: tuple[int, ...]
    #: how many earlier weeks were left out because they described fewer than k people
    left_out: int = 0

    def at_least(self, k: int) -> PhaseDistribution | None:
        """The weeks after the last one describing fewer than ``k`` people (None when that
        leaves no week): the chart stays one unbroken run of weeks ending on the day."""
        low = [i for i, n in enumerate(self.described) if n < k]
        cut = low[-1] + 1 if low else 0
        if cut == len(self.weeks):
            return None
        kept = self.weeks[cut:]
        counts = tuple(c for c in self.counts if c[0] >= kept[0])
        return PhaseDistribution(kept, counts, self.described[cut:], self.left_out + cut)

    def to_dict(self) -> dict[str, Any]:
        return {
            "weeks": len(self.weeks),
            "left_out_weeks": self.left_out,
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
    #: None when hidden (describing fewer people than ``k_anonymity``), ``*_hidden`` saying why
    funnel: Funnel | None
    phase_distribution: PhaseDistribution | None
    funnel_hidden: str | None
    distribution_hidden: str | None

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
            "hidden_reason": {
                "funnel": self.funnel_hidden,
                "phase_distribution": self.distribution_hidden,
            },
        }


def team_home(uow: UnitOfWork, *, team_id: int, as_of: date) -> TeamHome:
    """The lead home of team ``team_id`` as of ``as_of`` (each figure hidden below k)."""
    name = team_name(uow, team_id=team_id)
    served = serve_people(uow, as_of=as_of, team=name, with_team=True)
    now = [r for r in served.reports if r.row.team_id == team_id]
    shares = [_share(r) for r in now]
    k = k_anonymity(uow)
    found = funnel_of((s.funnel for s in shares), as_of, served.settings.results_window_days)
    shown = found.people >= k
    weeks = ((s.phases, s.described_weeks) for s in shares)
    distribution = distribution_of(weeks, as_of).at_least(k)
    return TeamHome(
        team_id=team_id,
        team=name,
        as_of=as_of,
        trend_since=as_of - timedelta(days=TREND_DAYS),
        k_anonymity=k,
        people=[_grid_row(r, s.trend) for r, s in zip(now, shares, strict=True)],
        conversations=conversations(now, flagged_people(uow, team_id=team_id, as_of=as_of)),
        funnel=found if shown else None,
        phase_distribution=distribution,
        funnel_hidden=None if shown else f"fewer than {k} people with a touch or an outcome",
        distribution_hidden=None
        if distribution
        else f"no week with {k} or more people past their programme start or active",
    )


def conversations(
    reports: Iterable[PersonReport], flagged: Mapping[int, str] | None = None
) -> list[Conversation]:
    """Who needs a conversation this week, highest quit risk first (then by name); ``flagged``
    adds what replication found, by person id (``service.results.flagged_people``: one
    account up and the routine not carried to the others)."""
    found = []
    for report in reports:
        why = _why(report)
        if flagged and report.row.person_id in flagged:
            why = (*why, flagged[report.row.person_id])
        if why:
            m = report.measures
            row = report.row
            found.append(
                Conversation(row.person_id, row.person, m.phase, m.quit_risk, why, m.reason)
            )
    return sorted(found, key=lambda c: (-c.quit_risk, c.person))


def funnel(facts: Iterable[PersonFacts], as_of: date, days: int) -> Funnel:
    """The team's touches, answers, meetings, opportunities and won deals over the ``days``
    days ending ``as_of`` (each person's share: ``figures.person_funnel``)."""
    first = as_of - timedelta(days=days - 1)
    return funnel_of((person_funnel(person, first, as_of) for person in facts), as_of, days)


def funnel_of(shares: Iterable[tuple[int, ...]], as_of: date, days: int) -> Funnel:
    """The funnel of people whose shares of each stage these are. ``people`` counts who adds
    to any stage: the people the figure describes, which k is checked against."""
    totals = [0] * len(FUNNEL_STAGES)
    people = 0
    for counts in shares:
        totals = [t + n for t, n in zip(totals, counts, strict=True)]
        people += any(counts)
    first = as_of - timedelta(days=days - 1)
    return Funnel(first, as_of, tuple(zip(FUNNEL_STAGES, totals, strict=True)), people)


def phase_distribution(
    people: Iterable[tuple[Sequence[WeekPhase], PersonFacts]], as_of: date
) -> PhaseDistribution:
    """People per phase in each of the last ``DISTRIBUTION_WEEKS`` weeks, from each person's
    weekly timeline and facts (``distribution_of``)."""
    return distribution_of(
        (
            (distribution_phases(timeline, as_of), described_weeks(timeline, facts))
            for timeline, facts in people
        ),
        as_of,
    )


def distribution_of(
    people: Iterable[tuple[Sequence[Phase], AbstractSet[date]]], as_of: date
) -> PhaseDistribution:
    """People per phase in each of the last ``DISTRIBUTION_WEEKS`` weeks, from each person's
    phase in each of those weeks (``figures.distribution_phases``: not started before their
    programme start) and the weeks they describe. Also, per week, how many people the week
    describes (see ``PhaseDistribution``)."""
    weeks = distribution_weeks(as_of)
    counts = {(week, phase): 0 for week in weeks for phase in Phase}
    described = Counter[date]()
    for phases, their_weeks in people:
        for week, phase in zip(weeks, phases, strict=True):
            counts[week, phase] += 1
        described.update(their_weeks & set(weeks))
    return PhaseDistribution(
        weeks,
        tuple((w, p, n) for (w, p), n in counts.items()),
        tuple(described[w] for w in weeks),
    )


def _share(report: PersonReport) -> TeamShare:
    """The person's share of the lead home (``serve_people(with_team=True)`` gives one)."""
    assert report.team is not None
    return report.team


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
    falling = _falling_effort(_last_efforts(report))
    valley = BASE_RISK[Phase.VALLEY_OF_DESPAIR]
    if m.phase is Phase.VALLEY_OF_DESPAIR and m.quit_risk > valley and falling is not None:
        before, now = falling
        why.append(
            f"in the valley of despair with effort falling from {before:.0%} to {now:.0%} "
            f"of the start level in a week (quit risk above the valley's {valley:.2f})"
        )
    return tuple(why)


def _last_efforts(report: PersonReport) -> Sequence[float | None]:
    """The effort of the person's last two weeks: from their lead-home share when they have
    one (a served timeline stays undecoded), else from their timeline."""
    if report.team is not None:
        return report.team.efforts
    return [w.effort for w in report.measures.timeline[-2:]]


def _falling_effort(efforts: Sequence[float | None]) -> tuple[float, float] | None:
    """(last week's effort, this week's) when effort fell between the last two weeks."""
    if len(efforts) < 2:
        return None
    before, now = efforts[-2], efforts[-1]
    if before is None or now is None or now >= before:
        return None
    return before, now


def _grid_row(now: PersonReport, b: Trend) -> GridRow:
    m = now.measures
    return GridRow(
        now.row.person_id,
        now.row.person,
        m.phase,
        m.quit_risk,
        m.jigsaw.jigsaw,
        m.listen_push_ratio,
        b.phase,
        b.quit_risk,
        b.jigsaw,
    )


def _change(now: float, before: float) -> float:
    """The change between the two figures as shown (3 places), so the twin's numbers add up."""
    return round(round(now, 3) - round(before, 3), 3)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _dict_or_none(view: PhaseDistribution | None) -> dict[str, Any] | None:
    return None if view is None else view.to_dict()
