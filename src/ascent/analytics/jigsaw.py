"""The jigsaw: six pillars multiplied, so one missing piece makes the whole score 0.

"1 × 1 × 1 × 0 = 0": 70% of the effort gives zero. The additive (SSI-style) score of the same
pillars is returned beside it to make the difference visible.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from ascent.analytics.calendar import WorkCalendar
from ascent.analytics.facts import ContactDay, OutcomeFact, PersonFacts
from ascent.analytics.habits import habit_strength
from ascent.analytics.listening import window_first
from ascent.analytics.profile import profile_pillar
from ascent.analytics.settings import MeasureSettings
from ascent.domain.vocabulary import RESULT_KINDS

#: also the tie order for the weakest pillar: the journey's order, the earliest piece first
PILLARS: Final = ("profile", "publish", "engage", "converse", "network", "results")
NO_TARGETS: Final = "no target accounts or personas set"
NO_TOUCHES: Final = "no touches or new connections in the window"


@dataclass(frozen=True, slots=True)
class Jigsaw:
    """Pillars 0..1, the multiplicative and additive scores 0..100, and the weakest piece."""

    pillars: dict[str, float]
    jigsaw: float
    additive: float
    weakest_pillar: str
    notes: dict[str, str] = field(default_factory=dict)


def score_jigsaw(pillars: Mapping[str, float], notes: Mapping[str, str] | None = None) -> Jigsaw:
    """jigsaw = 100 · (Π pillars)^(1/6), exactly 0 when any pillar is 0; additive = 100 · mean.

    The weakest pillar is the lowest; ties go to the earliest in ``PILLARS`` (profile,
    publish, engage, converse, network, results), the order a programme builds them in.
    """
    values = [pillars[name] for name in PILLARS]
    if min(values) <= 0:
        jigsaw = 0.0
    else:
        jigsaw = 100 * math.exp(sum(math.log(v) for v in values) / len(values))
    weakest = min(PILLARS, key=lambda name: (pillars[name], PILLARS.index(name)))
    additive = 100 * sum(values) / len(values)
    return Jigsaw(
        dict(zip(PILLARS, values, strict=True)), jigsaw, additive, weakest, dict(notes or {})
    )


def engage_pillar(engage_habit: float, ratio: float | None) -> float:
    """habit(engage) × min(1, listen/push); with nothing pushed the ratio does not hold back."""
    return engage_habit * (1.0 if ratio is None else min(1.0, ratio))


def converse_pillar(
    contact_days: Sequence[ContactDay],
    targets: frozenset[int],
    as_of: date,
    calendar: WorkCalendar,
    settings: MeasureSettings,
) -> float:
    """Habit strength of daily 1:1 touches to target contacts (all touches when none are set,
    so that a missing target list is named once, by the network pillar)."""
    daily: dict[date, float] = defaultdict(float)
    for row in contact_days:
        if row.touches and row.day <= as_of and (not targets or row.contact_id in targets):
            daily[row.day] += row.touches
    return habit_strength(daily, settings.converse_per_day, as_of, calendar, settings)


def network_pillar(
    contact_days: Sequence[ContactDay], targets: frozenset[int], as_of: date, window_days: int
) -> tuple[float, str | None]:
    """Share of the window's touches + new connections that went to target contacts."""
    if not targets:
        return 0.0, NO_TARGETS
    first = window_first(as_of, window_days)
    inside = total = 0
    for row in contact_days:
        if first <= row.day <= as_of:
            n = row.touches + row.connects
            total += n
            inside += n if row.contact_id in targets else 0
    if total == 0:
        return 0.0, NO_TOUCHES
    return inside / total, None


def results_pillar(
    outcomes: Sequence[OutcomeFact], as_of: date, settings: MeasureSettings
) -> float:
    """``min(1, (linked + 0.5 · unlinked) / results_target)`` over ``results_window_days``.

    Linked = the outcome names an account or a contact. Two linked outcomes in 90 days show
    results are being recorded where they came from; an unlinked one counts half, because it
    cannot be traced to an account.
    """
    first = window_first(as_of, settings.results_window_days)
    score = 0.0
    for o in outcomes:
        if o.kind in RESULT_KINDS and first <= o.day <= as_of:
            linked = o.account_id is not None or o.contact_id is not None
            score += 1.0 if linked else 0.5
    return min(1.0, score / settings.results_target)


def jigsaw_of(
    facts: PersonFacts,
    as_of: date,
    habit: Mapping[str, float],
    ratio: float | None,
    *,
    calendar: WorkCalendar,
    settings: MeasureSettings,
) -> Jigsaw:
    """All six pillars of one person as of ``as_of`` and their scores."""
    targets = facts.target_contacts
    network, why = network_pillar(facts.contact_days, targets, as_of, settings.window_days)
    pillars = {
        "profile": profile_pillar(facts.profile, settings),
        "publish": habit["publish"],
        "engage": engage_pillar(habit["engage"], ratio),
        "converse": converse_pillar(facts.contact_days, targets, as_of, calendar, settings),
        "network": network,
        "results": results_pillar(facts.outcomes, as_of, settings),
    }
    return score_jigsaw(pillars, {"network": why} if why else None)
