"""The weekly phase signals of everyone at once: the columnar twin of ``phases.signals`` as
``timeline.phase_timeline`` calls it, once per ISO week from the programme start's week.

Every window question of ``programme.Routine`` is a difference of two running sums over the
person's days from the start to the as-of day, looked up by joins, so the whole timeline of
every person costs a few joins instead of one rescan per week.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from ascent.analytics.columnar.calendar import flag_days
from ascent.analytics.columnar.frames import FactFrames
from ascent.analytics.columnar.programme import routine_days
from ascent.analytics.phases import (
    BASE_RISK,
    NEAR_START,
    ROUTINE_ESTABLISHED,
    STILL_WORKING,
    SUCCESS_ACCOUNTS,
)
from ascent.analytics.settings import MeasureSettings
from ascent.domain.vocabulary import RESULT_KINDS, Phase

SUMS = ("actions", "counted", "active_counted", "paused")
SIGNALS = (
    "day",
    "days_in",
    "effort",
    "effort_decline",
    "consistency_6w",
    "consistency_8w",
    "idle_days",
    "outcomes_4w",
    "outcomes_8w",
    "accounts_12w",
    "acted",
)


def week_signals_frame(
    frames: FactFrames, starts: pl.DataFrame, as_of: date, settings: MeasureSettings
) -> pl.DataFrame:
    """``person, week`` and the fields of ``phases.Signals`` (``SIGNALS``) for each ISO week
    from the start's week to the as-of day's, judged on its Sunday or on the as-of day if
    earlier (never before the start); people without a start have no rows."""
    started = starts.filter(pl.col("programme_start").is_not_null()).rename(
        {"programme_start": "start"}
    )
    sums = _running_sums(frames, started, as_of, settings)
    weeks = started.select(
        "person",
        "start",
        pl.date_ranges(
            pl.col("start") - pl.duration(days=pl.col("start").dt.weekday() - 1),
            pl.lit(as_of),
            interval="1w",
        ).alias("week"),
    ).explode("week")
    weeks = weeks.with_columns(
        pl.max_horizontal(
            "start", pl.min_horizontal(pl.col("week") + timedelta(days=6), pl.lit(as_of))
        ).alias("day")
    )
    t, s = pl.col("day"), pl.col("start")
    ranges = {
        "base": (s, pl.min_horizontal(t, s + timedelta(days=27))),
        "recent": (pl.max_horizontal(s, t - timedelta(days=13)), t),
        "before": (pl.max_horizontal(s, t - timedelta(days=41)), t - timedelta(days=14)),
        "c6": (pl.max_horizontal(s, t - timedelta(days=41)), t),
        "c8": (pl.max_horizontal(s, t - timedelta(days=55)), t),
        "all": (s, t),
    }
    for name, (a, b) in ranges.items():
        weeks = _range(weeks, sums, name, a, b, as_of=as_of)
    weeks = _idle(weeks, frames, sums, as_of)
    weeks = weeks.join(_outcomes(frames, weeks), on=["person", "week"], how="left")
    return weeks.select("person", "week", *_signals()).sort("person", "week")


def _running_sums(
    frames: FactFrames, started: pl.DataFrame, as_of: date, settings: MeasureSettings
) -> pl.DataFrame:
    """``person, day`` from the start to ``as_of`` with the running sum of each of ``SUMS``."""
    days = started.select("person", pl.date_ranges("start", pl.lit(as_of)).alias("day")).explode(
        "day"
    )
    flagged = flag_days(days, frames.pauses, settings).join(
        routine_days(frames, as_of), on=["person", "day"], how="left"
    )
    return (
        flagged.with_columns(pl.col("actions").fill_null(0))
        .with_columns(
            pl.col("counted").cast(pl.Int64),
            (pl.col("counted") & (pl.col("actions") > 0)).cast(pl.Int64).alias("active_counted"),
            pl.col("paused").cast(pl.Int64),
        )
        .sort("person", "day")
        .select("person", "day", *(pl.col(c).cum_sum().over("person") for c in SUMS))
    )


def _range(
    weeks: pl.DataFrame, sums: pl.DataFrame, name: str, a: pl.Expr, b: pl.Expr, *, as_of: date
) -> pl.DataFrame:
    """Add ``<name>_<sum>``: each sum over days ``a..b`` inside ``start..as_of`` (0 if empty)."""
    lo, hi = f"{name}_lo", f"{name}_hi"
    weeks = weeks.with_columns(
        (pl.max_horizontal(a, pl.col("start")) - timedelta(days=1)).alias(lo),
        pl.min_horizontal(b, pl.lit(as_of)).alias(hi),
    )
    for end in (lo, hi):
        weeks = weeks.join(
            sums.rename({c: f"{end}_{c}" for c in SUMS}),
            left_on=["person", end],
            right_on=["person", "day"],
            how="left",
        )
    empty = pl.col(hi) <= pl.col(lo)
    return weeks.with_columns(
        pl.when(empty)
        .then(0)
        .otherwise(pl.col(f"{hi}_{c}") - pl.col(f"{lo}_{c}").fill_null(0))
        .alias(f"{name}_{c}")
        for c in SUMS
    ).drop(lo, hi, *(f"{end}_{c}" for end in (lo, hi) for c in SUMS))


def _idle(weeks: pl.DataFrame, frames: FactFrames, sums: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """Add ``idle_days``: days since the last routine action on or before the day (or the
    start), less the paused days after it (counted from the start)."""
    active = routine_days(frames, as_of).select("person", pl.col("day").alias("last"))
    found = (
        weeks.sort("day")
        .join_asof(
            active.sort("last"),
            left_on="day",
            right_on="last",
            by="person",
            strategy="backward",
            check_sortedness=False,
        )
        .with_columns(pl.col("last").fill_null(pl.col("start")))
    )
    found = _range(
        found, sums, "idle", pl.col("last") + timedelta(days=1), pl.col("day"), as_of=as_of
    )
    return found.with_columns(
        ((pl.col("day") - pl.col("last")).dt.total_days() - pl.col("idle_paused")).alias(
            "idle_days"
        )
    )


def _outcomes(frames: FactFrames, weeks: pl.DataFrame) -> pl.DataFrame:
    """``person, week, outcomes_4w, outcomes_8w, accounts_12w``: sales results since the
    start in the 4, 8 and 12 weeks up to each week's day (accounts: distinct known accounts)."""
    results = frames.outcomes.filter(pl.col("kind").is_in(sorted(RESULT_KINDS))).select(
        "person", pl.col("day").alias("on"), "account_id"
    )
    t = pl.col("day")
    return (
        weeks.select("person", "week", "day", "start")
        .join(results, on="person")
        .filter(pl.col("on").is_between(pl.max_horizontal(t - timedelta(days=83), "start"), t))
        .group_by("person", "week")
        .agg(
            (pl.col("on") >= t - timedelta(days=27)).sum().alias("outcomes_4w"),
            (pl.col("on") >= t - timedelta(days=55)).sum().alias("outcomes_8w"),
            pl.col("account_id").drop_nulls().n_unique().alias("accounts_12w"),
        )
    )


def _rate(name: str) -> pl.Expr:
    """Routine actions per counted day over the range ``name`` (null without counted days)."""
    counted = pl.col(f"{name}_counted")
    return pl.when(counted > 0).then(pl.col(f"{name}_actions") / counted)


def _signals() -> list[pl.Expr]:
    base, recent, before = _rate("base"), _rate("recent"), _rate("before")
    share = {
        w: pl.when(pl.col(f"{w}_counted") > 0)
        .then(pl.col(f"{w}_active_counted") / pl.col(f"{w}_counted"))
        .otherwise(0.0)
        for w in ("c6", "c8")
    }
    return [
        pl.col("day"),
        (pl.col("day") - pl.col("start")).dt.total_days().alias("days_in"),
        pl.when(recent.is_not_null() & (base.fill_null(0.0) != 0))
        .then(recent / base)
        .otherwise(1.0)
        .alias("effort"),
        pl.when(recent.is_not_null() & (before.fill_null(0.0) != 0))
        .then(pl.max_horizontal(pl.lit(0.0), 1 - recent / before))
        .otherwise(0.0)
        .alias("effort_decline"),
        share["c6"].alias("consistency_6w"),
        share["c8"].alias("consistency_8w"),
        pl.col("idle_days"),
        *(pl.col(c).fill_null(0) for c in ("outcomes_4w", "outcomes_8w", "accounts_12w")),
        (pl.col("all_actions") > 0).alias("acted"),
    ]


def with_phases(weeks: pl.DataFrame, settings: MeasureSettings) -> pl.DataFrame:
    """``weeks`` (``week_signals_frame``) with each week's ``phase`` and ``quit_risk``, by the
    rules of ``phases.classify_phase`` and ``phases.quit_risk``."""
    return weeks.with_columns(_phase(settings).alias("phase")).with_columns(
        _quit_risk(settings).alias("quit_risk")
    )


def _phase(settings: MeasureSettings) -> pl.Expr:
    c = pl.col
    return (
        pl.when(~c("acted"))
        .then(pl.lit(Phase.NOT_STARTED.value))
        .when(c("idle_days") >= settings.lapsed_after_days)
        .then(pl.lit(Phase.LAPSED.value))
        .when(
            (c("consistency_8w") >= ROUTINE_ESTABLISHED) & (c("accounts_12w") >= SUCCESS_ACCOUNTS)
        )
        .then(pl.lit(Phase.SUCCESS.value))
        .when(c("outcomes_8w") > 0)
        .then(pl.lit(Phase.INFORMED_OPTIMISM.value))
        .when((c("days_in") < 42) & (c("effort") >= NEAR_START))
        .then(pl.lit(Phase.UNINFORMED_OPTIMISM.value))
        .when(c("days_in") < 42)
        .then(pl.lit(Phase.INFORMED_PESSIMISM.value))
        .when((c("days_in") < 56) & (c("effort") < NEAR_START))
        .then(pl.lit(Phase.INFORMED_PESSIMISM.value))
        .when(c("consistency_6w") > STILL_WORKING)
        .then(pl.lit(Phase.VALLEY_OF_DESPAIR.value))
        .otherwise(pl.lit(Phase.INFORMED_PESSIMISM.value))
    )


def _quit_risk(settings: MeasureSettings) -> pl.Expr:
    """``clamp(base + 0.4·decline + 0.2·min(1, idle / lapsed)) × (0.5 after an outcome in
    4 weeks)``; not started and lapsed take their base outright."""
    base = pl.col("phase").replace_strict({p.value: r for p, r in BASE_RISK.items()})
    idle = pl.min_horizontal(pl.lit(1.0), _divided(pl.col("idle_days"), settings.lapsed_after_days))
    risk = base + 0.4 * pl.col("effort_decline") + 0.2 * idle
    risk = pl.when(pl.col("outcomes_4w") > 0).then(risk * 0.5).otherwise(risk)
    outright = pl.col("phase").is_in([Phase.NOT_STARTED.value, Phase.LAPSED.value])
    return pl.when(outright).then(base).otherwise(risk.clip(0.0, 1.0))


def _divided(numerator: pl.Expr, divisor: int) -> pl.Expr:
    """``numerator / divisor`` rounded as Python rounds it: Polars 2.1 divides a column by a
    scalar through its reciprocal (15 / 21 gives 0.7142857142857142, Python
    0.7142857142857143), so the divisor is made a column of the numerator's length."""
    return numerator / (numerator * 0 + divisor)
