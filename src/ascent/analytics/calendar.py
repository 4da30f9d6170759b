"""The calendar the measures count in: working days, paused days and ISO weeks.

A *counted day* is a working weekday that is not paused. Paused days (holidays, vacations)
neither decay a habit nor count as a missed day; weekends are treated the same way.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ascent.analytics.settings import MeasureSettings

ONE_DAY = timedelta(days=1)
#: measures count nothing before this day: social selling data starts long after it, and a
#: year-1 date from a broken export must not make a weekly timeline 2,000 years long
EARLIEST_DAY = date(1990, 1, 1)


def days_between(first: date, last: date) -> Iterator[date]:
    """Every day from ``first`` to ``last`` inclusive."""
    for n in range((last - first).days + 1):
        yield first + timedelta(days=n)


def week_start(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def paused_days(pauses: Sequence[tuple[date, date]]) -> frozenset[date]:
    """Every day inside the inclusive (first, last) pause ranges."""
    return frozenset(d for first, last in pauses for d in days_between(first, last))


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """One person's working weekdays and paused days."""

    working_weekdays: frozenset[int]
    paused: frozenset[date] = frozenset()

    @classmethod
    def of(
        cls, settings: MeasureSettings, pauses: Sequence[tuple[date, date]] = ()
    ) -> WorkCalendar:
        return cls(settings.working_weekdays, paused_days(pauses))

    def is_counted(self, day: date) -> bool:
        """A working weekday that is not paused."""
        return day.weekday() in self.working_weekdays and day not in self.paused

    def counted_days(self, first: date, last: date) -> int:
        """How many counted days lie in ``first..last`` inclusive (0 when empty)."""
        return sum(1 for d in days_between(first, last) if self.is_counted(d))

    def counted_on_or_before(self, day: date) -> date:
        """The latest counted day not after ``day`` (pauses are finite, so this ends)."""
        while not self.is_counted(day):
            day -= ONE_DAY
        return day

    def add_working_days(self, day: date, count: int) -> date:
        """The ``count``-th counted day after ``day``."""
        while count > 0:
            day += ONE_DAY
            if self.is_counted(day):
                count -= 1
        return day
