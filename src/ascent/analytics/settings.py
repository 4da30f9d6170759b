"""The measures' settings: what an org may configure, with the baseline of DESIGN §4.

One frozen ``MeasureSettings`` is passed to every measure; nothing reads a global. Each
default says why it is what it is, so an org changing it knows what it trades.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Monday..Friday as ``date.weekday()`` numbers
MONDAY_TO_FRIDAY = frozenset(range(5))


@dataclass(frozen=True, slots=True)
class MeasureSettings:
    """Org-configurable constants of the measures (see docs/metrics.md for each one's why)."""

    #: habit memory: what you did two weeks ago counts half as much as today
    habit_half_life_days: float = 14.0
    #: habit targets per working day: 0.6 posts ≈ 3 a week; 3 comments or reactions;
    #: 2 one-to-one touches; 1 invitation. Reaching a target scores the day 1, beyond adds nothing
    publish_per_day: float = 0.6
    engage_per_day: float = 3.0
    converse_per_day: float = 2.0
    connect_per_day: float = 1.0
    #: days older than this are ignored by habit strength (their weight is below 1e-7)
    habit_horizon_days: int = 365
    working_weekdays: frozenset[int] = field(default=MONDAY_TO_FRIDAY)
    #: trailing window of listen/push and of the jigsaw pillars
    window_days: int = 28
    #: results pillar: outcomes in this many days; this many linked outcomes make it whole
    results_window_days: int = 90
    results_target: float = 2.0
    #: profile pillar: a summary this long says what you do for the customer
    profile_summary_min_chars: int = 160
    #: pursuits: 5-7 touches make a sale; fewer is quitting early, more than 8 is pestering
    touches_min: int = 5
    touches_max: int = 8
    cold_after_days: int = 21
    cadence_working_days: int = 3
    #: programme start: this many days with routine actions within this many days
    start_active_days: int = 5
    start_window_days: int = 14
    #: a gap this long without routine actions ends an earlier attempt (old exports)
    restart_gap_days: int = 90
    #: phases: lapsed after this many (unpaused) days without a routine action
    lapsed_after_days: int = 21

    def __post_init__(self) -> None:
        if not self.working_weekdays or not self.working_weekdays <= frozenset(range(7)):
            raise ValueError("working_weekdays must be a non-empty subset of 0..6")
        if self.touches_min > self.touches_max:
            raise ValueError("touches_min must not exceed touches_max")

    def target(self, mode: str) -> float:
        """The per-working-day target of a habit mode."""
        targets = {
            "publish": self.publish_per_day,
            "engage": self.engage_per_day,
            "converse": self.converse_per_day,
            "connect": self.connect_per_day,
        }
        return targets[mode]

    @property
    def half_life_working_days(self) -> float:
        """The half-life in counted working days: 14 calendar days = 10 working days."""
        return self.habit_half_life_days * len(self.working_weekdays) / 7


DEFAULT_SETTINGS = MeasureSettings()
