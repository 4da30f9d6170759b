"""Uplift on generated data with a known truth (``results_story``): the account with a known
multiple after the start has an interval holding the true effect, the unchanged ones an
interval holding 0; seeded; "too little data to tell" when it is."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ascent.analytics.results.uplift import TOO_LITTLE, Week, uplift_of, verdict, week_blocks
from results_story import ACME, CONTROLS, GLOBEX, INITECH, START, TRUE_UPLIFT, uplift_weeks


def _weeks(seed: int, account: str) -> tuple[list[Week], list[Week]]:
    """The account's weeks, the control rate the mean of the two control accounts."""
    counts = uplift_weeks(seed)
    (b, a), (c1b, c1a), (c2b, c2a) = counts[account], counts[CONTROLS[0]], counts[CONTROLS[1]]
    before = [Week(t, (x + y) / 2, t) for t, x, y in zip(b, c1b, c2b, strict=True)]
    after = [Week(t, (x + y) / 2, t) for t, x, y in zip(a, c1a, c2a, strict=True)]
    return before, after


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_interval_holds_the_true_effect_and_zero_where_nothing_changed(seed: int) -> None:
    for account in (ACME, GLOBEX, INITECH):
        found = uplift_of(*_weeks(seed, account))
        truth = TRUE_UPLIFT[account]
        # the means are exact whatever the shuffle: the estimate is the truth
        assert found.uplift == pytest.approx(truth)
        assert found.ci_low is not None
        assert found.ci_high is not None
        assert found.ci_low <= truth <= found.ci_high, (account, found)
        assert (found.weeks_before, found.weeks_after) == (24, 24)
    acme = uplift_of(*_weeks(seed, ACME))
    assert acme.rate_before == 0.5
    assert acme.rate_after == 1.75
    assert acme.relative == pytest.approx(2.5)  # the 250 %
    assert acme.ci_low is not None
    assert acme.ci_low > 0
    assert acme.verdict.startswith("up: +1.25 outcomes a week against the control accounts")
    for account in (GLOBEX, INITECH):
        other = uplift_of(*_weeks(seed, account))
        assert other.verdict.startswith("no clear change: the 90 % interval"), other.verdict
        assert not other.up


def test_the_same_data_gives_the_same_interval() -> None:
    first, again = uplift_of(*_weeks(1, ACME)), uplift_of(*_weeks(1, ACME))
    assert (first.ci_low, first.ci_high) == (again.ci_low, again.ci_high)
    assert first.to_dict() == again.to_dict()


def test_too_little_data_is_said_so() -> None:
    zeros = [Week(0, 0, 0)] * 10
    assert uplift_of(zeros[:3], zeros).verdict == (
        f"{TOO_LITTLE}: 3 week(s) before the programme start (4 needed)"
    )
    assert uplift_of(zeros, zeros).verdict == f"{TOO_LITTLE}: 0 outcome(s) in all (3 needed)"
    found = uplift_of([], zeros)
    assert found.verdict == f"{TOO_LITTLE}: no weeks before the programme start"
    assert (found.uplift, found.ci_low, found.ci_high) == (None, None, None)
    # 3 outcomes in one wild week after: enough outcomes, far too wide an interval
    wild = [Week(0, 0, 0)] * 4 + [Week(3, 0, 3)]
    verdict = uplift_of(zeros[:4], wild).verdict
    assert verdict.startswith(f"{TOO_LITTLE}: the 90 % interval")
    assert verdict.endswith("too wide")


def test_an_interval_wider_than_one_a_week_but_narrower_than_the_uplift_is_up() -> None:
    """The source story's key account: +1.04 a week, 90 % interval +0.54 to +1.56 (width
    1.02): the whole interval is far above 0, so it is up, not "too little data"."""
    assert verdict(1.04, 0.54, 1.56, weeks_before=26, weeks_after=26, outcomes=47) == (
        "up: +1.04 outcomes a week against the control accounts (90 % interval +0.54 to +1.56)"
    )
    # the same width around a smaller uplift cannot tell a change from noise
    assert verdict(0.5, 0.02, 1.04, weeks_before=26, weeks_after=26, outcomes=20) == (
        f"{TOO_LITTLE}: the 90 % interval +0.02 to +1.04 is too wide"
    )


def test_weeks_are_seven_day_blocks_from_the_start_back_to_the_first_day_with_data() -> None:
    as_of = START + timedelta(days=20)  # the third block after has not ended
    before, after = week_blocks(START, as_of, first_day=START - timedelta(days=15))
    assert before == [
        (date(2026, 5, 25), date(2026, 5, 31)),
        (date(2026, 5, 18), date(2026, 5, 24)),
    ]
    assert after == [
        (date(2026, 6, 1), date(2026, 6, 7)),
        (date(2026, 6, 8), date(2026, 6, 14)),
        (date(2026, 6, 15), date(2026, 6, 21)),
    ]
    long_ago = START - timedelta(days=7 * 100)
    assert len(week_blocks(START, as_of, long_ago)[0]) == 26
