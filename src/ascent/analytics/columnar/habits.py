"""Habit strength per mode for everyone at once: the columnar twin of ``analytics.habits``.

Per person and mode, the done actions are summed into *buckets*, one per counted day (a
weekend's or paused day's actions join the counted day before it), from the counted day on
or before the first active day inside the horizon to the as-of day. The strength is the
reference's recurrence ``s = k·s + (1 − k)·min(1, done / target)`` over those buckets, run
for all people and modes at once: one vectorised step per counted day (about 260 a year),
never one per fact. The closed form ``Σ (1−k)·k^(N−n)·x`` or Polars' ``ewm_mean`` (which
computes ``s + α·(x − s)``) round differently; the same recurrence gives the same bits.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from ascent.analytics.columnar.calendar import day_grid
from ascent.analytics.columnar.frames import FactFrames, up_to
from ascent.analytics.habits import HABIT_KINDS, HABIT_MODES
from ascent.analytics.settings import MeasureSettings

KEY = ["person", "mode"]


def habit_frame(frames: FactFrames, as_of: date, settings: MeasureSettings) -> pl.DataFrame:
    """``person`` and one habit-strength column per mode (publish, engage, converse,
    connect), one row per person of ``frames.people``, 0.0 without any activity."""
    strengths = strength_frame(frames, _done(frames, as_of), _targets(settings), as_of, settings)
    return _wide(frames.people, strengths)


def strength_frame(
    frames: FactFrames,
    done: pl.DataFrame,
    targets: pl.DataFrame,
    as_of: date,
    settings: MeasureSettings,
) -> pl.DataFrame:
    """``person, mode, strength``: ``habits.habit_strength`` of each series of ``done``
    (``person, mode, day, done``, days up to ``as_of``) against its mode's daily target
    (``targets``: ``mode, target``); a series without a day done inside the horizon has
    no row (its strength is 0.0)."""
    horizon = as_of - timedelta(days=settings.habit_horizon_days)
    grid = day_grid(frames.people, frames.pauses, horizon, as_of, settings)
    done = done.join(grid, on=["person", "day"], how="inner")
    first = (
        done.filter((pl.col("day") > horizon) & (pl.col("done") > 0))
        .group_by(KEY)
        .agg(pl.col("day").min().alias("first_active"))
        .join(grid, left_on=["person", "first_active"], right_on=["person", "day"])
        .select(*KEY, pl.col("n").alias("first_n"))
    )
    ends = grid.filter(pl.col("day") == as_of).select("person", pl.col("n").alias("end_n"))
    buckets = (
        done.join(first, on=KEY)
        .filter(pl.col("n") >= pl.col("first_n"))
        .group_by(*KEY, "n")
        .agg(pl.col("done").sum())
        .join(ends, on="person")
        .join(targets, on="mode")
        .select(
            *KEY,
            (pl.col("end_n") - pl.col("n")).alias("back"),
            (pl.col("done").cast(pl.Float64) / pl.col("target")).clip(upper_bound=1.0).alias("x"),
        )
    )
    spans = first.join(ends, on="person").select(
        *KEY, (pl.col("end_n") - pl.col("first_n") + 1).alias("length")
    )
    return _recurrence(buckets, spans, settings)


def _done(frames: FactFrames, as_of: date) -> pl.DataFrame:
    """``person, mode, day, done``: the day's actions that a mode's habit counts."""
    modes = pl.DataFrame(
        [(kind, mode) for mode, kinds in HABIT_KINDS.items() for kind in sorted(kinds)],
        schema={"kind": pl.String, "mode": pl.String},
        orient="row",
    )
    return (
        up_to(frames.activity_days, as_of)
        .join(modes, on="kind")
        .group_by("person", "mode", "day")
        .agg(pl.col("n").sum().alias("done"))
    )


def _targets(settings: MeasureSettings) -> pl.DataFrame:
    return pl.DataFrame(
        {"mode": list(HABIT_MODES), "target": [settings.target(m) for m in HABIT_MODES]}
    )


def _recurrence(
    buckets: pl.DataFrame, spans: pl.DataFrame, settings: MeasureSettings
) -> pl.DataFrame:
    """``person, mode, strength``: the recurrence over each (person, mode)'s buckets.

    The series are right-aligned on their as-of bucket in one ``steps × groups`` column-major
    array; the zeros before a series' first bucket keep ``s`` at exactly 0, as the reference
    starts there, so one vectorised step per position serves every group.
    """
    groups = spans.sort(KEY).with_row_index("g")
    count, steps = groups.height, int(groups.select(pl.col("length").max()).item() or 0)
    placed = buckets.join(groups.select(*KEY, "g"), on=KEY).select(
        ((steps - 1 - pl.col("back")) * count + pl.col("g")).alias("at"), "x"
    )
    x = pl.zeros(steps * count, dtype=pl.Float64, eager=True).scatter(placed["at"], placed["x"])
    keep = float(0.5 ** (1 / settings.half_life_working_days))
    strength = pl.zeros(count, dtype=pl.Float64, eager=True)
    for step in range(steps):
        strength = keep * strength + (1 - keep) * x.slice(step * count, count)
    return groups.select(*KEY).with_columns(strength.alias("strength"))


def _wide(people: pl.DataFrame, strengths: pl.DataFrame) -> pl.DataFrame:
    """One row per person, one column per mode, 0.0 for a mode without a series."""
    columns = [pl.col("strength").filter(pl.col("mode") == m).first().alias(m) for m in HABIT_MODES]
    found = strengths.group_by("person").agg(columns)
    return (
        people.select("person")
        .join(found, on="person", how="left")
        .with_columns(pl.col(m).fill_null(0.0) for m in HABIT_MODES)
        .sort("person")
    )
