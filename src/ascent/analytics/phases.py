"""Phase of the journey per week and quit risk (DESIGN §3, §4), with the reason in words.

Signals on an evaluation day t, counted from the programme start s:
E = routine actions per counted day over the last 14 days ÷ the same over s's first 28 days;
C = share of counted days with ≥ 1 routine action (over the last 6 or 8 weeks since s);
O = sales outcomes (meeting_booked, opportunity, deal_won, deal_lost, referral) since s.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from ascent.analytics.facts import OutcomeFact
from ascent.analytics.programme import Routine
from ascent.analytics.settings import MeasureSettings
from ascent.domain.vocabulary import RESULT_KINDS, Phase

NEAR_START: Final = 0.7  # effort "at or near its start level"; below it, it has fallen
ROUTINE_ESTABLISHED: Final = 0.7  # C over 8 weeks that makes the routine a habit
STILL_WORKING: Final = 0.2  # C over 6 weeks above which someone in the valley still works
SUCCESS_ACCOUNTS: Final = 2  # outcomes in two accounts: it repeats, not a one-off
BASE_RISK: Final[dict[Phase, float]] = {
    Phase.NOT_STARTED: 0.0,
    Phase.UNINFORMED_OPTIMISM: 0.1,
    Phase.INFORMED_PESSIMISM: 0.4,
    Phase.VALLEY_OF_DESPAIR: 0.5,
    Phase.INFORMED_OPTIMISM: 0.2,
    Phase.SUCCESS: 0.05,
    Phase.LAPSED: 1.0,
}


@dataclass(frozen=True, slots=True)
class Signals:
    """What the phase of one evaluation day is decided from."""

    day: date
    days_in: int
    effort: float
    effort_decline: float
    consistency_6w: float
    consistency_8w: float
    idle_days: int
    outcomes_4w: int
    outcomes_8w: int
    accounts_12w: int
    #: any routine action between the start and the day (an explicit start may precede it)
    acted: bool = True

    @property
    def week(self) -> int:
        """Week of the programme, 1 for the first seven days."""
        return self.days_in // 7 + 1


def _ago(day: date, days: int) -> date:
    return day - timedelta(days=days - 1)


def _rate(routine: Routine, a: date, b: date) -> float | None:
    counted = routine.counted(a, b)
    return routine.actions(a, b) / counted if counted else None


def signals(routine: Routine, outcomes: Sequence[OutcomeFact], start: date, day: date) -> Signals:
    """E, its decline, C over 6 and 8 weeks, idle days and outcomes as of ``day`` ≥ ``start``."""
    base = _rate(routine, start, min(day, start + timedelta(days=27)))
    recent = _rate(routine, max(start, _ago(day, 14)), day)
    before = _rate(routine, max(start, _ago(day, 42)), _ago(day, 15))
    effort = recent / base if recent is not None and base else 1.0
    decline = max(0.0, 1 - recent / before) if recent is not None and before else 0.0

    def consistency(days: int) -> float:
        a = max(start, _ago(day, days))
        counted = routine.counted(a, day)
        return routine.active_counted(a, day) / counted if counted else 0.0

    last = routine.last_active(day) or start
    idle = (day - last).days - routine.paused(last + timedelta(days=1), day)
    # outcomes from before the start (a CRM's history) are not this programme's results
    seen = [o for o in outcomes if o.kind in RESULT_KINDS and start <= o.day <= day]

    def within(days: int) -> list[OutcomeFact]:
        return [o for o in seen if o.day >= _ago(day, days)]

    accounts = {o.account_id for o in within(84) if o.account_id is not None}
    return Signals(
        day,
        (day - start).days,
        effort,
        decline,
        consistency(42),
        consistency(56),
        idle,
        len(within(28)),
        len(within(56)),
        len(accounts),
        routine.actions(start, day) > 0,
    )


def classify_phase(s: Signals | None, settings: MeasureSettings) -> Phase:
    """The phase of one evaluation day; ``None`` signals (no programme start) = not_started.

    In order: lapsed (no routine action for 21 unpaused days); success (C8 ≥ 0.7 and
    outcomes in ≥ 2 accounts over 12 weeks); informed_optimism (any outcome in 8 weeks);
    before week 7: uninformed_optimism when E ≥ 0.7, else informed_pessimism; weeks 7-8
    with E < 0.7: informed_pessimism; later (or at full effort): valley_of_despair when
    C6 > 0.2 — no outcome in 8 (so also 6) weeks while still working; else
    informed_pessimism (barely working but not yet lapsed).
    """
    if s is None or not s.acted:
        return Phase.NOT_STARTED
    if s.idle_days >= settings.lapsed_after_days:
        return Phase.LAPSED
    if s.consistency_8w >= ROUTINE_ESTABLISHED and s.accounts_12w >= SUCCESS_ACCOUNTS:
        return Phase.SUCCESS
    if s.outcomes_8w:
        return Phase.INFORMED_OPTIMISM
    if s.days_in < 42:
        return Phase.UNINFORMED_OPTIMISM if s.effort >= NEAR_START else Phase.INFORMED_PESSIMISM
    if s.days_in < 56 and s.effort < NEAR_START:
        return Phase.INFORMED_PESSIMISM
    return Phase.VALLEY_OF_DESPAIR if s.consistency_6w > STILL_WORKING else Phase.INFORMED_PESSIMISM


def quit_risk(phase: Phase, s: Signals | None, settings: MeasureSettings) -> float:
    """``clamp(base[phase] + 0.4 · decline + 0.2 · idle / 21) × (0.5 if an outcome in 4 weeks)``.

    base: success 0.05, uninformed optimism 0.1, informed optimism 0.2, informed pessimism
    0.4, valley 0.5; not started 0 and lapsed 1 outright. decline = 1 − E(last 2 weeks) /
    E(4 weeks before), 0 when flat or rising: the valley with falling effort is where people
    quit (0.5 + 0.4 · ½ = 0.7 when effort halves). A recent outcome halves the risk.
    """
    if s is None or phase in (Phase.NOT_STARTED, Phase.LAPSED):
        return BASE_RISK[phase]
    idle = min(1.0, s.idle_days / settings.lapsed_after_days)
    risk = BASE_RISK[phase] + 0.4 * s.effort_decline + 0.2 * idle
    if s.outcomes_4w:
        risk *= 0.5
    return max(0.0, min(1.0, risk))


def phase_reason(phase: Phase, s: Signals | None, settings: MeasureSettings) -> str:
    """The phase in words, with the numbers that decided it."""
    if s is None or not s.acted:
        return (
            f"no sustained routine yet ({settings.start_active_days} days with posts, "
            f"comments, messages or invitations within {settings.start_window_days} days "
            "start the programme)"
        )
    c6, c8, e = f"{s.consistency_6w:.0%}", f"{s.consistency_8w:.0%}", f"{s.effort:.0%}"
    reasons = {
        Phase.LAPSED: f"no routine activity for {s.idle_days} days: lapsed — one small action "
        "today restarts the habit",
        Phase.SUCCESS: f"routine on {c8} of working days over 8 weeks and outcomes in "
        f"{s.accounts_12w} accounts over 12 weeks: success — this is your daily routine now",
        Phase.INFORMED_OPTIMISM: f"{s.outcomes_8w} outcome(s) in the last 8 weeks, "
        + (
            f"routine on {c8} of working days (70% makes it a habit)"
            if s.consistency_8w < ROUTINE_ESTABLISHED
            else f"but in {s.accounts_12w} account(s) only"
        )
        + ": informed optimism — you have arrived only when it repeats; do it in your other "
        "target accounts",
        Phase.UNINFORMED_OPTIMISM: f"week {s.week}, effort at {e} of your start level, no outcome "
        "yet: uninformed optimism — keep going, answers take 5-7 touches",
        Phase.INFORMED_PESSIMISM: f"week {s.week}, effort at {e} of your start level, routine on "
        f"{c6} of working days and no outcome yet: informed pessimism — it is harder than it "
        "looked; keep one small action a day",
        Phase.VALLEY_OF_DESPAIR: f"no outcome in the last 6 weeks while still working on {c6} of "
        "days: the valley of despair — most people quit here; keep going",
    }
    return reasons[phase]
