"""Every person's counted days as one frame: the columnar twin of ``analytics.calendar``.

A row per person and calendar day from ``first`` to ``last`` with ``counted`` (a working
weekday that is not paused) and ``n``, the number of counted days up to and including it.
Counted-day questions become joins on ``n``: the latest counted day on or before ``d`` is the
counted day numbered ``n(d)``; the ``c``-th counted day after ``d`` is numbered ``n(d) + c``.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from ascent.analytics.settings import MeasureSettings

#: any 7 consecutive unpaused days hold a working weekday (the working set is never empty)
WEEK = timedelta(days=7)


def day_grid(
    people: pl.DataFrame,
    pauses: pl.DataFrame,
    first: date,
    last: date,
    settings: MeasureSettings,
) -> pl.DataFrame:
    """``person, day, counted, n`` for each person's days ``first' .. last'``.

    The span is widened per person so every counted-day question about ``first..last`` is
    answered inside it: back to a week before the earliest pause (a run of paused days and
    weekends ends a week after its pauses at most) and on to a week after the latest pause
    per counted day asked for ahead (``cadence_working_days``).
    """
    ahead = WEEK * settings.cadence_working_days
    bounds = (
        people.select("person")
        .join(
            pauses.group_by("person").agg(
                pl.col("first_day").min().alias("p_first"),
                pl.col("last_day").max().alias("p_last"),
            ),
            on="person",
            how="left",
        )
        .select(
            "person",
            (pl.min_horizontal(pl.col("p_first"), pl.lit(first)) - WEEK).alias("lo"),
            (pl.max_horizontal(pl.col("p_last"), pl.lit(last)) + ahead).alias("hi"),
        )
    )
    grid = bounds.select("person", pl.date_ranges("lo", "hi").alias("day")).explode("day")
    return (
        flag_days(grid, pauses, settings)
        .drop("paused")
        .sort("person", "day")
        .with_columns(pl.col("counted").cast(pl.Int64).cum_sum().over("person").alias("n"))
    )


def flag_days(days: pl.DataFrame, pauses: pl.DataFrame, settings: MeasureSettings) -> pl.DataFrame:
    """``days`` (``person, day``) with ``paused`` (inside one of the person's pauses) and
    ``counted`` (a working weekday that is not paused)."""
    paused = (
        pauses.filter(pl.col("first_day") <= pl.col("last_day"))
        .select("person", pl.date_ranges("first_day", "last_day").alias("day"))
        .explode("day")
        .unique()
        .with_columns(pl.lit(True).alias("paused"))
    )
    weekdays = sorted(settings.working_weekdays)
    return (
        days.join(paused, on=["person", "day"], how="left")
        .with_columns(pl.col("paused").fill_null(False))
        .with_columns(
            ((pl.col("day").dt.weekday() - 1).is_in(weekdays) & ~pl.col("paused")).alias("counted")
        )
    )


def counted_day_numbers(grid: pl.DataFrame) -> pl.DataFrame:
    """``person, n, counted_day``: the counted day carrying each number."""
    return grid.filter("counted").select("person", "n", pl.col("day").alias("counted_day"))
