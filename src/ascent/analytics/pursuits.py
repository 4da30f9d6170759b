"""Pursuits: one person's touches on one contact until an answer, even if it is no.

"It takes 5-7 touches to make a sale": a pursuit that stops short without an answer has
quit too early; one that goes past 8 unanswered touches is over-touching.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from statistics import median

from ascent.analytics.calendar import WorkCalendar
from ascent.analytics.facts import ContactDay, OutcomeFact
from ascent.analytics.settings import MeasureSettings
from ascent.domain.vocabulary import DEAL_KINDS, RESULT_KINDS

CLOSED = frozenset({"won", "lost", "answered", "meeting", "gone_cold"})


@dataclass(frozen=True, slots=True)
class Pursuit:
    contact_id: int
    touches: int
    answered: bool
    touches_to_first_answer: int | None
    status: str
    quit_too_early: bool
    over_touching: bool
    first_touch: date
    last_touch: date
    next_touch_due: date | None
    due: bool

    @property
    def flags(self) -> tuple[str, ...]:
        return tuple(
            f
            for f, on in (
                ("quit_too_early", self.quit_too_early),
                ("over_touching", self.over_touching),
            )
            if on
        )


@dataclass(frozen=True, slots=True)
class PursuitSummary:
    """How many pursuits, how many answered, and how many touches the answers took."""

    pursuits: int
    answered: int
    answer_rate: float | None
    touches_to_first_answer: dict[int, int]
    median_touches_to_first_answer: float | None


def _status(
    rows: list[ContactDay],
    outcomes: list[OutcomeFact],
    answered: bool,
    last_touch: date,
    as_of: date,
    *,
    settings: MeasureSettings,
) -> str:
    """won/lost (latest deal) > meeting > answered > gone_cold (≥ cold_after_days) > open."""
    deals = sorted((o.day, o.kind == "deal_won") for o in outcomes if o.kind in DEAL_KINDS)
    if deals:
        return "won" if deals[-1][1] else "lost"
    if any(r.meetings for r in rows) or any(o.kind == "meeting_booked" for o in outcomes):
        return "meeting"
    if answered:
        return "answered"
    if (as_of - last_touch).days >= settings.cold_after_days:
        return "gone_cold"
    return "open"


def _first_answer(rows: list[ContactDay], outcomes: list[OutcomeFact], first: date) -> date | None:
    """First day on or after the first touch with an inbound answer, a meeting or a result."""
    days = [r.day for r in rows if r.day >= first and (r.answers or r.meetings)]
    # a recorded result with the contact is an answer too (a meeting, a yes or a no)
    days += [o.day for o in outcomes if o.day >= first and o.kind in RESULT_KINDS]
    return min(days, default=None)


def build_pursuit(
    contact_id: int,
    rows: list[ContactDay],
    outcomes: list[OutcomeFact],
    as_of: date,
    *,
    calendar: WorkCalendar,
    settings: MeasureSettings,
) -> Pursuit | None:
    """The pursuit of one contact from its rows up to ``as_of`` (None when never touched)."""
    touched = [r for r in rows if r.touches]
    if not touched:
        return None
    first, last = min(r.day for r in touched), max(r.day for r in touched)
    touches = sum(r.touches for r in touched)
    answer_day = _first_answer(rows, outcomes, first)
    answered = answer_day is not None
    to_answer = sum(r.touches for r in touched if answer_day and r.day <= answer_day) or None
    status = _status(rows, outcomes, answered, last, as_of, settings=settings)
    quit_early = not answered and touches < settings.touches_min and status == "gone_cold"
    over = not answered and touches > settings.touches_max
    due_day = None
    if status not in CLOSED and not over:
        due_day = calendar.add_working_days(last, settings.cadence_working_days)
    return Pursuit(
        contact_id,
        touches,
        answered,
        to_answer,
        status,
        quit_early,
        over,
        first,
        last,
        due_day,
        due_day is not None and due_day <= as_of,
    )


def pursuits_of(
    contact_days: Sequence[ContactDay],
    outcomes: Sequence[OutcomeFact],
    as_of: date,
    calendar: WorkCalendar,
    settings: MeasureSettings,
) -> list[Pursuit]:
    """One pursuit per contact touched at least once up to ``as_of``, by contact id."""
    rows: dict[int, list[ContactDay]] = defaultdict(list)
    for row in contact_days:
        if row.day <= as_of:
            rows[row.contact_id].append(row)
    linked: dict[int, list[OutcomeFact]] = defaultdict(list)
    for o in outcomes:
        if o.contact_id is not None and o.day <= as_of:
            linked[o.contact_id].append(o)
    built = (
        build_pursuit(c, rows[c], linked[c], as_of, calendar=calendar, settings=settings)
        for c in sorted(rows)
    )
    return [p for p in built if p is not None]


def summarise(pursuits: Sequence[Pursuit]) -> PursuitSummary:
    """Answer rate = answered / pursuits (None without pursuits); touches-to-answer counts."""
    counts = Counter(p.touches_to_first_answer for p in pursuits if p.touches_to_first_answer)
    answered = sum(1 for p in pursuits if p.answered)
    values = [p.touches_to_first_answer for p in pursuits if p.touches_to_first_answer]
    return PursuitSummary(
        len(pursuits),
        answered,
        answered / len(pursuits) if pursuits else None,
        dict(sorted(counts.items())),
        float(median(values)) if values else None,
    )
