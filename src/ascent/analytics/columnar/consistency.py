"""Consistency of everyone at once: the columnar twin of ``phases.signals``' C over 6 and 8
weeks on the as-of day (the ``consistency`` of the timeline's last week is C over 8 weeks)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

import polars as pl

from ascent.analytics.columnar.calendar import day_grid
from ascent.analytics.columnar.frames import FactFrames
from ascent.analytics.columnar.programme import routine_days
from ascent.analytics.settings import MeasureSettings

#: the windows of phases.signals: C over 6 weeks (valley) and 8 weeks (habit established)
WINDOWS: Final = {"consistency_6w": 42, "consistency_8w": 56}


def consistency_frame(
    frames: FactFrames, starts: pl.DataFrame, as_of: date, settings: MeasureSettings
) -> pl.DataFrame:
    """``person, consistency_6w, consistency_8w``: the share of counted days from
    ``max(start, as_of − window + 1)`` to ``as_of`` with a routine action (0.0 without a
    counted day); null without a programme start. ``starts`` is ``start_frame``'s output."""
    first = as_of - timedelta(days=max(WINDOWS.values()) - 1)
    days = (
        day_grid(frames.people, frames.pauses, first, as_of, settings)
        .filter(pl.col("day").is_between(first, as_of), pl.col("counted"))
        .join(routine_days(frames, as_of), on=["person", "day"], how="left")
        .join(starts, on="person")
    )
    shares = days.group_by("person").agg(
        _share(window, as_of).alias(name) for name, window in WINDOWS.items()
    )
    return (
        starts.join(shares, on="person", how="left")
        .select(
            "person",
            *(
                pl.when(pl.col("programme_start").is_not_null())
                .then(pl.col(name).fill_null(0.0))
                .alias(name)
                for name in WINDOWS
            ),
        )
        .sort("person")
    )


def _share(window: int, as_of: date) -> pl.Expr:
    """Active counted days / counted days in the window since the start (0.0 when none)."""
    inside = pl.col("day") >= pl.max_horizontal(
        pl.col("programme_start"), pl.lit(as_of - timedelta(days=window - 1))
    )
    counted = inside.sum()
    active = (inside & (pl.col("actions") > 0).fill_null(False)).sum()
    return pl.when(counted > 0).then(active / counted).otherwise(0.0)
