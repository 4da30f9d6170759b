"""Programme starts of everyone at once: the columnar twin of ``timeline.programme_start``
and ``programme.detect_start``."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from ascent.analytics.calendar import EARLIEST_DAY
from ascent.analytics.columnar.frames import FactFrames
from ascent.analytics.settings import MeasureSettings
from ascent.domain.vocabulary import ROUTINE_KINDS


def start_frame(frames: FactFrames, as_of: date, settings: MeasureSettings) -> pl.DataFrame:
    """``person, programme_start``: the explicit start if set (null when after ``as_of``,
    never before ``EARLIEST_DAY``), else the detected one (null when none)."""
    explicit = pl.col("explicit_start")
    return (
        frames.people.join(_detected(frames, as_of, settings), on="person", how="left")
        .select(
            "person",
            pl.when(explicit.is_null())
            .then(pl.col("detected"))
            .when(explicit <= as_of)
            .then(pl.max_horizontal(explicit, pl.lit(EARLIEST_DAY)))
            .alias("programme_start"),
        )
        .sort("person")
    )


def routine_days(frames: FactFrames, as_of: date) -> pl.DataFrame:
    """``person, day, actions``: routine actions per day from ``EARLIEST_DAY`` to ``as_of``,
    days without any left out."""
    return (
        frames.activity_days.filter(
            pl.col("day").is_between(EARLIEST_DAY, as_of),
            pl.col("kind").is_in(sorted(ROUTINE_KINDS)),
        )
        .group_by("person", "day")
        .agg(pl.col("n").sum().alias("actions"))
        .filter(pl.col("actions") > 0)
    )


def _detected(frames: FactFrames, as_of: date, settings: MeasureSettings) -> pl.DataFrame:
    """``person, detected``: the first day of the first sustained run of the latest attempt.

    Attempts split at gaps of ``restart_gap_days``; a day starts a sustained run when
    ``start_active_days`` active days of its attempt fall within ``start_window_days`` of
    it, counted as the row number of the last such day (an as-of join) minus its own.
    """
    gap = timedelta(days=settings.restart_gap_days)
    span = timedelta(days=settings.start_window_days - 1)
    active = (
        routine_days(frames, as_of)
        .sort("person", "day")
        .with_columns(
            (pl.col("day").diff().over("person").fill_null(gap) >= gap)
            .cast(pl.Int64)
            .cum_sum()
            .over("person")
            .alias("attempt"),
            pl.int_range(pl.len()).over("person").alias("i"),
        )
    )
    ends = active.select("person", "attempt", "day", pl.col("i").alias("end"))
    sustained = (
        active.with_columns((pl.col("day") + span).alias("window_last"))
        .sort("window_last")
        .join_asof(
            ends.sort("day"),
            left_on="window_last",
            right_on="day",
            by=["person", "attempt"],
            strategy="backward",
            check_sortedness=False,
        )
        .filter(pl.col("end") - pl.col("i") + 1 >= settings.start_active_days)
    )
    latest = pl.col("attempt") == pl.col("attempt").max()
    return sustained.group_by("person").agg(pl.col("day").filter(latest).min().alias("detected"))
