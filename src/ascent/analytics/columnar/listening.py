"""Listen/push ratio for everyone at once: the columnar twin of ``analytics.listening``."""

from __future__ import annotations

from datetime import date

import polars as pl

from ascent.analytics.columnar.frames import FactFrames, up_to
from ascent.analytics.listening import LISTEN_KINDS, PUSH_KINDS, window_first


def listen_push_frame(frames: FactFrames, as_of: date, window_days: int) -> pl.DataFrame:
    """``person, listen_push_ratio``: (comments + reactions + replies to inbound) / (posts +
    shares) over the ``window_days`` ending on ``as_of``; null when nothing was pushed."""
    first = window_first(as_of, window_days)
    counts = (
        frames.activity_days.filter(pl.col("day").is_between(first, as_of))
        .group_by("person")
        .agg(
            pl.col("n").filter(pl.col("kind").is_in(sorted(LISTEN_KINDS))).sum().alias("listen"),
            pl.col("n").filter(pl.col("kind").is_in(sorted(PUSH_KINDS))).sum().alias("pushed"),
        )
    )
    return (
        frames.people.select("person")
        .join(counts, on="person", how="left")
        .join(_replies(frames, first, as_of), on="person", how="left")
        .select(
            "person",
            pl.when(pl.col("pushed") > 0)
            .then((pl.col("listen") + pl.col("replies").fill_null(0)) / pl.col("pushed"))
            .alias("listen_push_ratio"),
        )
        .sort("person")
    )


def _replies(frames: FactFrames, first: date, as_of: date) -> pl.DataFrame:
    """``person, replies``: touches in the window to a contact on or after the first day
    (up to ``as_of``) that contact answered."""
    rows = up_to(frames.contact_days, as_of)
    answered = (
        rows.filter(pl.col("answers") > 0)
        .group_by("person", "contact")
        .agg(pl.col("day").min().alias("answered"))
    )
    return (
        rows.filter(pl.col("day") >= first, pl.col("touches") > 0)
        .join(answered, on=["person", "contact"])
        .filter(pl.col("answered") <= pl.col("day"))
        .group_by("person")
        .agg(pl.col("touches").sum().alias("replies"))
    )
