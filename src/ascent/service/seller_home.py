"""The seller's home for one day: today's plan, the jigsaw with its weakest piece named and
what to do about it, habit strength per mode, the habit calendar, and what was logged by hand.

Composed from the services that already compute each part (``today_plan``, the measures of
``measure_people``), so the home shows exactly what ``ascent today`` and ``ascent person``
say for the same person and day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

from ascent.analytics.habits import daily_counts
from ascent.analytics.today import TodayPlan
from ascent.domain.vocabulary import EFFORT_KINDS
from ascent.service.manual_entry import LOG_KINDS, LoggedEntry, logged_entries
from ascent.service.people import PersonReport
from ascent.service.today import today
from ascent.store.scope import UnitOfWork

#: the habit calendar's span: 26 weeks, the demo programme's and the change curve's horizon
HEATMAP_WEEKS: Final = 26
#: the plan items "done" answers: a touch to the item's contact
DONE_KINDS: Final = frozenset({"follow_up", "rescue"})
#: what to do about the weakest piece; nothing in the measures words this, so it lives here,
#: one sentence per pillar (docs/metrics.md defines the pillars themselves)
ADVICE: Final[dict[str, str]] = {
    "profile": "Rewrite your headline and summary for your customer: whom you help and with "
    "what, in their words.",
    "publish": "Publish one short post a week from your customer's point of view: a steady "
    "rhythm counts more than volume.",
    "engage": "Comment on three posts of people in your target accounts each day, and listen "
    "more than you post (a listen/push ratio of at least 1).",
    "converse": "Send one personal message a day to someone in your target accounts, and keep "
    "following up: answers usually come after several touches.",
    "network": "Connect with and talk to people in your target accounts; most of your touches "
    "should go to them.",
    "results": "Record the meetings, opportunities and deals your conversations bring, with "
    "the account they came from (log them below).",
}


@dataclass(frozen=True, slots=True)
class Weakest:
    """The weakest jigsaw piece, its score (0..1), what to do, and the measure's note."""

    pillar: str
    score: float
    advice: str
    note: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "pillar": self.pillar,
            "score": round(self.score, 3),
            "advice": self.advice,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class SellerHome:
    """Everything the seller's home shows, and its JSON twin."""

    person_id: int
    report: PersonReport
    plan: TodayPlan
    weakest: Weakest
    #: (day, effort actions) for every day of the calendar, oldest first
    heatmap: tuple[tuple[date, int], ...]
    logged: tuple[LoggedEntry, ...]

    @property
    def as_of(self) -> date:
        return self.plan.as_of

    @property
    def log_kinds(self) -> tuple[str, ...]:
        return tuple(LOG_KINDS)

    def to_dict(self) -> dict[str, Any]:
        measures = self.report.to_dict()
        return {
            "person": measures["person"],
            "person_id": self.person_id,
            "as_of": self.as_of.isoformat(),
            "phase": self.plan.phase,
            "plan": self.plan.to_dict(),
            "jigsaw": measures["jigsaw"],
            "additive": measures["additive"],
            "pillars": measures["pillars"],
            "weakest": self.weakest.to_dict(),
            "habit": measures["habit"],
            "heatmap": {
                "end": self.as_of.isoformat(),
                "weeks": HEATMAP_WEEKS,
                "days": [{"day": d.isoformat(), "n": n} for d, n in self.heatmap],
            },
            "logged": [entry.to_dict() for entry in self.logged],
        }


def seller_home(uow: UnitOfWork, *, person_id: int, as_of: date) -> SellerHome:
    """The home of the person ``person_id`` as of ``as_of``, from one load of their facts."""
    day = today(uow, person=person_id, as_of=as_of)
    (report,) = day.measured.reports
    return SellerHome(
        person_id,
        report,
        day.plan,
        weakest_piece(report),
        heatmap_days(day.measured.facts[person_id].days, as_of),
        tuple(logged_entries(uow, person_id=person_id, as_of=as_of)),
    )


def weakest_piece(report: PersonReport) -> Weakest:
    """The weakest pillar as the measures name it, with its advice and note."""
    jigsaw = report.measures.jigsaw
    name = jigsaw.weakest_pillar
    return Weakest(name, jigsaw.pillars[name], ADVICE[name], jigsaw.notes.get(name))


def heatmap_days(
    days: Mapping[date, Mapping[str, int]], as_of: date, weeks: int = HEATMAP_WEEKS
) -> tuple[tuple[date, int], ...]:
    """Effort actions (routine actions, meetings, events: what the person did on purpose)
    per day over the ``weeks`` weeks to ``as_of``, days without any as 0."""
    counts = daily_counts(days, EFFORT_KINDS, as_of)
    first = as_of - timedelta(days=7 * weeks - 1)
    span = (first + timedelta(days=n) for n in range(7 * weeks))
    return tuple((day, int(counts.get(day, 0))) for day in span)
