"""Uplift against control accounts: difference in differences of weekly outcome rates, with a
seeded bootstrap interval and a verdict in words.

A seller's weeks are 7-day blocks counted from their programme start ``s``: the weeks after
are ``[s + 7k, s + 7k + 6]`` for k = 0, 1 … while the block has ended by the as-of day; the
weeks before are ``[s - 7k, s - 7k + 6]`` for k = 1 … ``MAX_WEEKS_BEFORE``, no earlier than
the seller's first day with any data. Each week carries two rates, outcomes per account:
the treated account's (or the mean over the seller's target accounts, for the programme)
and the control's (the mean over the seller's non-target accounts). With ``d`` = treated −
control for each week,

    uplift = mean(d over the weeks after) − mean(d over the weeks before)
           = (treated after − treated before) − (control after − control before)

in outcomes per account per week. The 90 % interval is the 5th and 95th percentile of
``BOOTSTRAP`` resamples of the weeks (with replacement, before and after apart, each week's
pair kept together), drawn from ``random.Random(SEED)``: the same data gives the same
interval. The verdict says "too little data to tell" when either side has fewer than
``MIN_WEEKS`` weeks, the treated side fewer than ``MIN_OUTCOMES`` outcomes, or the interval is
wider than both ``WIDE_INTERVAL`` and the uplift itself (an uplift larger than its interval's
width keeps the interval well clear of 0: the source story's +1.04 a week, interval +0.54 to
+1.56, is up, not noise).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

#: weeks before the start that are compared at most: half a year of the old way of working
MAX_WEEKS_BEFORE: Final = 26
BOOTSTRAP: Final = 2000
SEED: Final = 11
#: fewer weeks on either side, or fewer treated outcomes in all, tell nothing
MIN_WEEKS: Final = 4
MIN_OUTCOMES: Final = 3
#: an interval wider than one outcome a week cannot tell a change from noise at the rates a
#: seller sees in one account (a few a month)
WIDE_INTERVAL: Final = 1.0
TOO_LITTLE: Final = "too little data to tell"


@dataclass(frozen=True, slots=True)
class Week:
    """One week's outcomes per account: the treated account(s) and the control accounts.
    ``outcomes`` is the treated count itself (how much data there is)."""

    treated: float
    control: float
    outcomes: int = 0


@dataclass(frozen=True, slots=True)
class Uplift:
    weeks_before: int
    weeks_after: int
    rate_before: float | None
    rate_after: float | None
    control_before: float | None
    control_after: float | None
    uplift: float | None
    ci_low: float | None
    ci_high: float | None
    outcomes_before: int
    outcomes_after: int
    verdict: str

    @property
    def up(self) -> bool:
        """Clearly up: the whole interval above 0 and the verdict not "too little data"."""
        return self.ci_low is not None and self.ci_low > 0 and not self.too_little

    @property
    def too_little(self) -> bool:
        return self.verdict.startswith(TOO_LITTLE)

    @property
    def relative(self) -> float | None:
        """The treated rate after as a change on before (+2.5 = 250 % up); None from 0."""
        if not self.rate_before or self.rate_after is None:
            return None
        return self.rate_after / self.rate_before - 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "weeks_before": self.weeks_before,
            "weeks_after": self.weeks_after,
            "rate_before": _round(self.rate_before),
            "rate_after": _round(self.rate_after),
            "uplift": _round(self.uplift),
            "ci_low": _round(self.ci_low),
            "ci_high": _round(self.ci_high),
            "verdict": self.verdict,
            "relative": _round(self.relative),
            "control_rate_before": _round(self.control_before),
            "control_rate_after": _round(self.control_after),
            "outcomes_before": self.outcomes_before,
            "outcomes_after": self.outcomes_after,
        }


def week_blocks(
    start: date, as_of: date, first_day: date
) -> tuple[list[tuple[date, date]], list[tuple[date, date]]]:
    """(weeks before, weeks after) as inclusive (first, last) days (see the module
    docstring); the weeks before run back from the start, nearest first."""
    before_n = max(0, min(MAX_WEEKS_BEFORE, (start - first_day).days // 7))
    after_n = max(0, ((as_of - start).days + 1) // 7)
    seven = timedelta(days=7)
    before = [
        (start - seven * k, start - seven * k + timedelta(days=6)) for k in range(1, before_n + 1)
    ]
    after = [(start + seven * k, start + seven * k + timedelta(days=6)) for k in range(after_n)]
    return before, after


def uplift_of(before: Sequence[Week], after: Sequence[Week]) -> Uplift:
    """The difference in differences of the weekly rates, its interval and verdict."""
    n_before, n_after = len(before), len(after)
    outcomes_before = sum(w.outcomes for w in before)
    outcomes_after = sum(w.outcomes for w in after)
    if not before or not after:
        side = "before" if not before else "after"
        return Uplift(
            n_before,
            n_after,
            _mean_of(before, "t"),
            _mean_of(after, "t"),
            _mean_of(before, "c"),
            _mean_of(after, "c"),
            None,
            None,
            None,
            outcomes_before,
            outcomes_after,
            f"{TOO_LITTLE}: no weeks {side} the programme start",
        )
    d_before = [w.treated - w.control for w in before]
    d_after = [w.treated - w.control for w in after]
    point = _mean(d_after) - _mean(d_before)
    low, high = interval(d_before, d_after)
    return Uplift(
        n_before,
        n_after,
        _mean([w.treated for w in before]),
        _mean([w.treated for w in after]),
        _mean([w.control for w in before]),
        _mean([w.control for w in after]),
        point,
        low,
        high,
        outcomes_before,
        outcomes_after,
        verdict(
            point,
            low,
            high,
            weeks_before=n_before,
            weeks_after=n_after,
            outcomes=outcomes_before + outcomes_after,
        ),
    )


def interval(d_before: Sequence[float], d_after: Sequence[float]) -> tuple[float, float]:
    """The bootstrap 90 % interval of mean(after) − mean(before), seeded (``SEED``)."""
    rng = random.Random(SEED)  # noqa: S311 - a seeded resample, no secret
    stats = sorted(
        _mean(rng.choices(d_after, k=len(d_after))) - _mean(rng.choices(d_before, k=len(d_before)))
        for _ in range(BOOTSTRAP)
    )
    return _percentile(stats, 0.05), _percentile(stats, 0.95)


def verdict(
    point: float, low: float, high: float, *, weeks_before: int, weeks_after: int, outcomes: int
) -> str:
    """The uplift in words; "too little data to tell" before anything else when it is.

    It reads the figures as ``to_dict`` serves them (3 decimals), so the words never differ
    from the interval a table prints beside them."""
    point, low, high = round(point, 3), round(low, 3), round(high, 3)
    if min(weeks_before, weeks_after) < MIN_WEEKS:
        weeks = min(weeks_before, weeks_after)
        side = "before" if weeks_before < MIN_WEEKS else "after"
        return f"{TOO_LITTLE}: {weeks} week(s) {side} the programme start ({MIN_WEEKS} needed)"
    if outcomes < MIN_OUTCOMES:
        return f"{TOO_LITTLE}: {outcomes} outcome(s) in all ({MIN_OUTCOMES} needed)"
    span = f"90 % interval {low:+.2f} to {high:+.2f}"
    if high - low > max(WIDE_INTERVAL, abs(point)):
        return f"{TOO_LITTLE}: the {span} is too wide"
    if low > 0:
        return f"up: {point:+.2f} outcomes a week against the control accounts ({span})"
    if high < 0:
        return f"down: {point:+.2f} outcomes a week against the control accounts ({span})"
    return f"no clear change: the {span} includes 0"


def _percentile(ordered: Sequence[float], q: float) -> float:
    """Linear interpolation between the closest ranks (numpy's default)."""
    at = (len(ordered) - 1) * q
    lo = int(at)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (at - lo)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _mean_of(weeks: Sequence[Week], side: str) -> float | None:
    if not weeks:
        return None
    return _mean([w.treated if side == "t" else w.control for w in weeks])


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
