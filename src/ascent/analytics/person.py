"""Every measure of one person as of one day, bundled for the CLI, the web and the API."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from ascent.analytics.calendar import WorkCalendar
from ascent.analytics.facts import PersonFacts
from ascent.analytics.habits import habits
from ascent.analytics.jigsaw import Jigsaw, jigsaw_of
from ascent.analytics.listening import listen_push_ratio
from ascent.analytics.pursuits import PursuitSummary, pursuits_of, summarise
from ascent.analytics.settings import DEFAULT_SETTINGS, MeasureSettings
from ascent.analytics.timeline import WeekPhase, phase_timeline, programme_start
from ascent.domain.vocabulary import Phase

#: changes whenever a formula does (docs/metrics.md carries the same number)
METRICS_VERSION: Final = 2


@dataclass(frozen=True, slots=True)
class PersonMeasures:
    as_of: date
    programme_start: date | None
    phase: Phase
    quit_risk: float
    reason: str
    habit: dict[str, float]
    listen_push_ratio: float | None
    jigsaw: Jigsaw
    pursuits: PursuitSummary
    #: a list, or a served snapshot's timeline, decoded when first read
    timeline: Sequence[WeekPhase]

    @property
    def pillars(self) -> dict[str, float]:
        return self.jigsaw.pillars

    @property
    def weakest_pillar(self) -> str:
        return self.jigsaw.weakest_pillar

    def to_dict(self, *, timeline: bool = True) -> dict[str, Any]:
        """DESIGN §5 field names; floats rounded to 3 places here only; without the weekly
        ``timeline`` when it is not wanted (the overview's rows)."""
        p = self.pursuits
        return {
            "metrics_version": METRICS_VERSION,
            "as_of": self.as_of.isoformat(),
            "programme_start": _iso(self.programme_start),
            "phase": self.phase,
            "quit_risk": round(self.quit_risk, 3),
            "reason": self.reason,
            "jigsaw": round(self.jigsaw.jigsaw, 3),
            "additive": round(self.jigsaw.additive, 3),
            "pillars": _rounded(self.jigsaw.pillars),
            "weakest_pillar": self.jigsaw.weakest_pillar,
            "pillar_notes": dict(self.jigsaw.notes),
            "listen_push_ratio": _round(self.listen_push_ratio),
            "habit": _rounded(self.habit),
            "pursuits": {
                "count": p.pursuits,
                "answered": p.answered,
                "answer_rate": _round(p.answer_rate),
                "touches_to_first_answer": {
                    str(k): v for k, v in p.touches_to_first_answer.items()
                },
                "median_touches_to_first_answer": p.median_touches_to_first_answer,
            },
        } | ({"timeline": [week.to_dict() for week in self.timeline]} if timeline else {})


def measure_person(
    facts: PersonFacts, as_of: date, settings: MeasureSettings = DEFAULT_SETTINGS
) -> PersonMeasures:
    """Every measure of one person; facts after ``as_of`` are ignored."""
    calendar = WorkCalendar.of(settings, facts.pauses)
    habit = habits(facts.days, as_of, calendar, settings)
    ratio = listen_push_ratio(facts.days, facts.contact_days, as_of, settings.window_days)
    start = programme_start(facts.days, facts.programme_start, as_of, settings)
    timeline = phase_timeline(
        facts.days, facts.outcomes, start, as_of, calendar=calendar, settings=settings
    )
    now = timeline[-1]
    pursuits = pursuits_of(facts.contact_days, facts.outcomes, as_of, calendar, settings)
    return PersonMeasures(
        as_of,
        start,
        now.phase,
        now.quit_risk,
        now.reason,
        habit,
        ratio,
        jigsaw_of(facts, as_of, habit, ratio, calendar=calendar, settings=settings),
        summarise(pursuits),
        timeline,
    )


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _rounded(values: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 3) for k, v in values.items()}
