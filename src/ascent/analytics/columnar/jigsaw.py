"""The jigsaw's six pillars for everyone at once: the columnar twin of ``analytics.jigsaw``.

Profile is text, scored per person by the reference's own ``profile_pillar``; publish and
engage come from the habit frame and listen/push; converse is the habit strength of daily
touches to target contacts (``habits.strength_frame``); network and results are sums over the
window. The last division of each and the score itself are the reference's, per person, so
the pillars are bit-equal.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from ascent.analytics.columnar.frames import FactFrames, up_to
from ascent.analytics.columnar.habits import strength_frame
from ascent.analytics.facts import ProfileFacts
from ascent.analytics.jigsaw import NO_TARGETS, NO_TOUCHES, Jigsaw, engage_pillar, score_jigsaw
from ascent.analytics.listening import window_first
from ascent.analytics.profile import profile_pillar
from ascent.analytics.settings import MeasureSettings
from ascent.domain.vocabulary import RESULT_KINDS

CONVERSE = "converse_targets"


def jigsaw_frames(
    frames: FactFrames,
    habit: pl.DataFrame,
    ratio: pl.DataFrame,
    as_of: date,
    settings: MeasureSettings,
) -> dict[int, Jigsaw]:
    """Each person's ``Jigsaw`` as of ``as_of`` from the habit frame (``habit_frame``) and
    the listen/push frame (``listen_push_frame``) of the same day."""
    sums = (
        frames.people.select("person", "headline", "summary")
        .join(habit.select("person", "publish", "engage"), on="person", how="left")
        .join(ratio, on="person", how="left")
        .join(_converse(frames, as_of, settings), on="person", how="left")
        .join(_network(frames, as_of, settings.window_days), on="person", how="left")
        .join(_results(frames, as_of, settings.results_window_days), on="person", how="left")
        .join(frames.targets.group_by("person").len("targets"), on="person", how="left")
    )
    found = {}
    for row in sums.iter_rows(named=True):
        network, why = _network_pillar(row["targets"], row["inside"], row["total"])
        pillars = {
            "profile": profile_pillar(ProfileFacts(row["headline"], row["summary"]), settings),
            "publish": row["publish"],
            "engage": engage_pillar(row["engage"], row["listen_push_ratio"]),
            "converse": row["converse"] or 0.0,
            "network": network,
            "results": min(1.0, (row["results"] or 0.0) / settings.results_target),
        }
        found[row["person"]] = score_jigsaw(pillars, {"network": why} if why else None)
    return found


def _converse(frames: FactFrames, as_of: date, settings: MeasureSettings) -> pl.DataFrame:
    """``person, converse``: habit strength of daily touches to target contacts (to anyone
    for a person without targets), as ``jigsaw.converse_pillar``."""
    touches = up_to(frames.contact_days, as_of).filter(pl.col("touches") > 0)
    targeted = touches.join(frames.targets, on=["person", "contact"], how="semi")
    untargeted = touches.join(frames.targets, on="person", how="anti")
    done = (
        pl.concat([targeted, untargeted])
        .group_by("person", "day")
        .agg(pl.col("touches").sum().alias("done"))
        .with_columns(pl.lit(CONVERSE).alias("mode"))
    )
    target = pl.DataFrame({"mode": [CONVERSE], "target": [settings.converse_per_day]})
    return strength_frame(frames, done, target, as_of, settings).select(
        "person", pl.col("strength").alias("converse")
    )


def _network(frames: FactFrames, as_of: date, window_days: int) -> pl.DataFrame:
    """``person, inside, total``: the window's touches and new connections, to targets and
    in all."""
    rows = frames.contact_days.filter(
        pl.col("day").is_between(window_first(as_of, window_days), as_of)
    )
    targets = frames.targets.with_columns(pl.lit(True).alias("target"))
    n = pl.col("touches") + pl.col("connects")
    return (
        rows.join(targets, on=["person", "contact"], how="left")
        .group_by("person")
        .agg(n.filter(pl.col("target").is_not_null()).sum().alias("inside"), n.sum().alias("total"))
    )


def _network_pillar(
    targets: int | None, inside: int | None, total: int | None
) -> tuple[float, str | None]:
    """``jigsaw.network_pillar`` from the sums: the share to targets, or 0 and why not."""
    if not targets:
        return 0.0, NO_TARGETS
    if not total:
        return 0.0, NO_TOUCHES
    return (inside or 0) / total, None


def _results(frames: FactFrames, as_of: date, results_window_days: int) -> pl.DataFrame:
    """``person, results``: the window's sales results, 1 when linked to an account or a
    contact, 0.5 when not (the score before ``results_target``; multiples of 0.5 add
    exactly in any order)."""
    linked = pl.col("account_id").is_not_null() | pl.col("contact_id").is_not_null()
    return (
        frames.outcomes.filter(
            pl.col("kind").is_in(sorted(RESULT_KINDS)),
            pl.col("day").is_between(window_first(as_of, results_window_days), as_of),
        )
        .group_by("person")
        .agg(pl.when(linked).then(1.0).otherwise(0.5).sum().alias("results"))
    )
