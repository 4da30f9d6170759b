"""Pursuits of everyone at once: the columnar twin of ``analytics.pursuits``.

One row per (person, contact) touched up to the as-of day, built from aggregates of the
contact-days and the linked outcomes instead of one ``Pursuit`` per contact in Python.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from ascent.analytics.columnar.calendar import counted_day_numbers, day_grid
from ascent.analytics.columnar.frames import FactFrames, up_to
from ascent.analytics.pursuits import Pursuit, PursuitSummary
from ascent.analytics.settings import MeasureSettings
from ascent.domain.vocabulary import DEAL_KINDS, RESULT_KINDS

KEY = ["person", "contact"]


def pursuit_frame(frames: FactFrames, as_of: date, settings: MeasureSettings) -> pl.DataFrame:
    """``person, contact, touches, answered, touches_to_first_answer, status,
    quit_too_early, over_touching, first_touch, last_touch, next_touch_due, due``."""
    rows = up_to(frames.contact_days, as_of)
    linked = up_to(frames.outcomes, as_of).filter(pl.col("contact_id").is_not_null())
    linked = linked.rename({"contact_id": "contact"})
    touched = (
        rows.filter(pl.col("touches") > 0)
        .group_by(KEY)
        .agg(
            pl.col("touches").sum(),
            pl.col("day").min().alias("first_touch"),
            pl.col("day").max().alias("last_touch"),
        )
    )
    answers = _first_answers(rows, linked, touched)
    to_answer = (
        rows.join(answers, on=KEY)
        .filter(pl.col("day") <= pl.col("answer_day"))
        .group_by(KEY)
        .agg(pl.col("touches").sum().alias("touches_to_first_answer"))
    )
    built = (
        touched.join(answers, on=KEY, how="left")
        .join(to_answer, on=KEY, how="left")
        .join(_deals(linked), on=KEY, how="left")
        .join(_meetings(rows, linked), on=KEY, how="left")
        .with_columns(pl.col("answer_day").is_not_null().alias("answered"))
        .with_columns(_status(as_of, settings))
        .with_columns(
            (
                ~pl.col("answered")
                & (pl.col("touches") < settings.touches_min)
                & (pl.col("status") == "gone_cold")
            ).alias("quit_too_early"),
            (~pl.col("answered") & (pl.col("touches") > settings.touches_max)).alias(
                "over_touching"
            ),
        )
    )
    return _due(built, frames, as_of, settings).sort(KEY)


def _first_answers(rows: pl.DataFrame, linked: pl.DataFrame, touched: pl.DataFrame) -> pl.DataFrame:
    """``person, contact, answer_day``: the first inbound answer, meeting or recorded result
    on or after the first touch."""
    events = pl.concat(
        [
            rows.filter((pl.col("answers") > 0) | (pl.col("meetings") > 0)).select(*KEY, "day"),
            linked.filter(pl.col("kind").is_in(sorted(RESULT_KINDS))).select(*KEY, "day"),
        ]
    )
    return (
        events.join(touched.select(*KEY, "first_touch"), on=KEY)
        .filter(pl.col("day") >= pl.col("first_touch"))
        .group_by(KEY)
        .agg(pl.col("day").min().alias("answer_day"))
    )


def _deals(linked: pl.DataFrame) -> pl.DataFrame:
    """``person, contact, deal_won``: whether the latest deal outcome was won (a won and a
    lost on the same day count as won, as the reference's sort puts won last)."""
    deals = linked.filter(pl.col("kind").is_in(sorted(DEAL_KINDS)))
    latest = pl.col("day") == pl.col("day").max()
    return deals.group_by(KEY).agg(
        (pl.col("kind") == "deal_won").filter(latest).any().alias("deal_won")
    )


def _meetings(rows: pl.DataFrame, linked: pl.DataFrame) -> pl.DataFrame:
    """``person, contact, met``: a meeting in the contact-days or a booked meeting."""
    return (
        pl.concat(
            [
                rows.filter(pl.col("meetings") > 0).select(KEY),
                linked.filter(pl.col("kind") == "meeting_booked").select(KEY),
            ]
        )
        .unique()
        .with_columns(pl.lit(True).alias("met"))
    )


def _status(as_of: date, settings: MeasureSettings) -> pl.Expr:
    """won/lost (latest deal) > meeting > answered > gone_cold > open, as the reference."""
    cold = pl.col("last_touch") <= as_of - timedelta(days=settings.cold_after_days)
    return (
        pl.when(pl.col("deal_won"))
        .then(pl.lit("won"))
        .when(pl.col("deal_won").is_not_null())
        .then(pl.lit("lost"))
        .when(pl.col("met").fill_null(False))
        .then(pl.lit("meeting"))
        .when(pl.col("answered"))
        .then(pl.lit("answered"))
        .when(cold)
        .then(pl.lit("gone_cold"))
        .otherwise(pl.lit("open"))
        .alias("status")
    )


def _due(
    built: pl.DataFrame, frames: FactFrames, as_of: date, settings: MeasureSettings
) -> pl.DataFrame:
    """Open pursuits that are not over-touched are due ``cadence_working_days`` counted days
    after the last touch; the others have no next touch."""
    recent = as_of - timedelta(days=settings.cold_after_days)
    grid = day_grid(frames.people, frames.pauses, recent, as_of, settings)
    numbers = counted_day_numbers(grid)
    open_ = built.filter((pl.col("status") == "open") & ~pl.col("over_touching"))
    due = (
        open_.select(*KEY, "last_touch")
        .join(
            grid.select("person", "day", "n"),
            left_on=["person", "last_touch"],
            right_on=["person", "day"],
        )
        .with_columns(pl.col("n") + settings.cadence_working_days)
        .join(numbers, on=["person", "n"])
        .select(*KEY, pl.col("counted_day").alias("next_touch_due"))
    )
    return (
        built.join(due, on=KEY, how="left")
        .with_columns(pl.col("next_touch_due").le(as_of).fill_null(False).alias("due"))
        .select(
            *KEY,
            "touches",
            "answered",
            "touches_to_first_answer",
            "status",
            "quit_too_early",
            "over_touching",
            "first_touch",
            "last_touch",
            "next_touch_due",
            "due",
        )
    )


def summary_frame(pursuits: pl.DataFrame, people: pl.DataFrame) -> pl.DataFrame:
    """``person, pursuits, answered, answer_rate, median_touches_to_first_answer`` (the
    answer rate and median null without pursuits or answers), one row per person."""
    found = pursuits.group_by("person").agg(
        pl.len().alias("pursuits"),
        pl.col("answered").sum(),
        pl.col("touches_to_first_answer").median().alias("median_touches_to_first_answer"),
    )
    return (
        people.select("person")
        .join(found, on="person", how="left")
        .with_columns(pl.col("pursuits", "answered").fill_null(0).cast(pl.Int64))
        .with_columns(
            pl.when(pl.col("pursuits") > 0)
            .then(pl.col("answered") / pl.col("pursuits"))
            .alias("answer_rate")
        )
        .sort("person")
    )


def answer_distribution(pursuits: pl.DataFrame) -> pl.DataFrame:
    """``person, touches_to_first_answer, pursuits``: how many answers took that many."""
    return (
        pursuits.filter(pl.col("touches_to_first_answer").is_not_null())
        .group_by("person", "touches_to_first_answer")
        .agg(pl.len().cast(pl.Int64).alias("pursuits"))
        .sort("person", "touches_to_first_answer")
    )


def summaries(summary: pl.DataFrame, distribution: pl.DataFrame) -> dict[int, PursuitSummary]:
    """The frames as the reference's ``PursuitSummary`` per person (one object per person)."""
    counts: dict[int, dict[int, int]] = {}
    for person, touches, pursuits in distribution.iter_rows():
        counts.setdefault(person, {})[touches] = pursuits
    return {
        row["person"]: PursuitSummary(
            row["pursuits"],
            row["answered"],
            row["answer_rate"],
            counts.get(row["person"], {}),
            row["median_touches_to_first_answer"],
        )
        for row in summary.iter_rows(named=True)
    }


def pursuits_by_person(pursuits: pl.DataFrame) -> dict[int, list[Pursuit]]:
    """The frame as the reference's ``Pursuit`` lists, by person and contact id."""
    found: dict[int, list[Pursuit]] = {}
    for person, *fields in pursuits.sort(KEY).iter_rows():
        found.setdefault(person, []).append(Pursuit(*fields))
    return found
