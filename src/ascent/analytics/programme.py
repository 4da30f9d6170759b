"""Routine activity and the programme start it reveals.

Routine actions are what a person does on purpose to sell socially: publish (post, share),
engage (comment, reaction), converse out (message_out, email_out, call) and invite_out.
Passive events (connect, invite_in, message_in, email_in) are not routine: an export full of
old connections says nothing about when the programme began.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from ascent.analytics.calendar import EARLIEST_DAY, WorkCalendar, days_between
from ascent.analytics.settings import MeasureSettings
from ascent.domain.vocabulary import ROUTINE_KINDS


def routine_counts(days: Mapping[date, Mapping[str, int]], as_of: date) -> dict[date, int]:
    """Routine actions per day from ``EARLIEST_DAY`` to ``as_of`` (days without any left out)."""
    out: dict[date, int] = {}
    for day, counts in days.items():
        if EARLIEST_DAY <= day <= as_of:
            n = sum(counts.get(k, 0) for k in ROUTINE_KINDS)
            if n:
                out[day] = n
    return out


def detect_start(active: list[date], settings: MeasureSettings) -> date | None:
    """The first day of the first sustained run of routine activity in the latest attempt.

    A run is sustained when ``start_active_days`` (5) days with routine actions fall within
    ``start_window_days`` (14) days of its first day: a week of real work, not a one-off post.
    An attempt ends at a gap of ``restart_gap_days`` (90) without routine actions, so a burst
    in 2019 does not start a programme that really began this year; the latest attempt with a
    sustained run wins. ``active`` must be sorted.
    """
    gap = timedelta(days=settings.restart_gap_days)
    attempts: list[list[date]] = []
    for day in active:
        if not attempts or day - attempts[-1][-1] >= gap:
            attempts.append([])
        attempts[-1].append(day)
    for attempt in reversed(attempts):
        start = _first_sustained(attempt, settings)
        if start is not None:
            return start
    return None


def _first_sustained(active: list[date], settings: MeasureSettings) -> date | None:
    span = timedelta(days=settings.start_window_days - 1)
    end = 0
    for i, first in enumerate(active):
        end = max(end, i)
        while end + 1 < len(active) and active[end + 1] <= first + span:
            end += 1
        if end - i + 1 >= settings.start_active_days:
            return first
    return None


@dataclass(frozen=True, slots=True)
class Routine:
    """Prefix sums of routine activity from ``first`` to ``last``: O(1) window questions."""

    first: date
    last: date
    active: list[date]
    _actions: list[int]
    _counted: list[int]
    _active_counted: list[int]
    _paused: list[int]

    @classmethod
    def build(
        cls, counts: Mapping[date, int], first: date, last: date, calendar: WorkCalendar
    ) -> Routine:
        span = list(days_between(first, last))
        counted = [calendar.is_counted(d) for d in span]
        return cls(
            first,
            last,
            sorted(d for d in counts if d <= last),
            _prefix(counts.get(d, 0) for d in span),
            _prefix(int(c) for c in counted),
            _prefix(int(c and counts.get(d, 0) > 0) for d, c in zip(span, counted, strict=True)),
            _prefix(int(d in calendar.paused) for d in span),
        )

    def _range(self, prefix: list[int], a: date, b: date) -> int:
        lo = max(0, (a - self.first).days)
        hi = min(len(prefix) - 1, (b - self.first).days + 1)
        return prefix[hi] - prefix[lo] if hi > lo else 0

    def actions(self, a: date, b: date) -> int:
        return self._range(self._actions, a, b)

    def counted(self, a: date, b: date) -> int:
        return self._range(self._counted, a, b)

    def active_counted(self, a: date, b: date) -> int:
        return self._range(self._active_counted, a, b)

    def paused(self, a: date, b: date) -> int:
        return self._range(self._paused, a, b)

    def last_active(self, day: date) -> date | None:
        i = bisect_right(self.active, day)
        return self.active[i - 1] if i else None


def _prefix(values: Iterable[int]) -> list[int]:
    return [0, *accumulate(values)]
