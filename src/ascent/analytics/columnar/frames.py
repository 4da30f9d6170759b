"""The facts of many people as Polars frames: the rollups' columns, one row per rollup row.

The columnar measures read these instead of one ``PersonFacts`` per person. The store builds
them from Arrow (``ascent.store.arrow_facts``); ``frames_of`` builds them from ``PersonFacts``,
so the per-person reference and the columnar code can be run on the same facts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final

import polars as pl

from ascent.analytics.facts import PersonFacts

ACTIVITY_DAYS: Final = {"person": pl.Int64, "day": pl.Date, "kind": pl.String, "n": pl.Int64}
CONTACT_DAYS: Final = {
    "person": pl.Int64,
    "contact": pl.Int64,
    "day": pl.Date,
    "touches": pl.Int64,
    "answers": pl.Int64,
    "meetings": pl.Int64,
    "connects": pl.Int64,
}
OUTCOMES: Final = {
    "person": pl.Int64,
    "day": pl.Date,
    "kind": pl.String,
    "account_id": pl.Int64,
    "contact_id": pl.Int64,
    "amount": pl.Float64,
}
PAUSES: Final = {"person": pl.Int64, "first_day": pl.Date, "last_day": pl.Date}
#: everyone measured, with the explicit programme start (their own, else their team's) and
#: their profile's headline and summary
PEOPLE: Final = {
    "person": pl.Int64,
    "explicit_start": pl.Date,
    "headline": pl.String,
    "summary": pl.String,
}
#: each person's target contacts (those of their team's strategy)
TARGETS: Final = {"person": pl.Int64, "contact": pl.Int64}


@dataclass(frozen=True, slots=True)
class FactFrames:
    """The rollups of a set of people as of one day (rows after it may be present or not:
    every measure filters by its as-of day, as the per-person functions do)."""

    people: pl.DataFrame
    activity_days: pl.DataFrame
    contact_days: pl.DataFrame
    outcomes: pl.DataFrame
    pauses: pl.DataFrame
    targets: pl.DataFrame


def frames_of(facts: Mapping[int, PersonFacts]) -> FactFrames:
    """The frames holding the same facts as ``facts`` (person id -> facts).

    One Python row per fact: for tests and for callers that already hold ``PersonFacts``;
    the store reads the frames as Arrow instead.
    """
    ids = sorted(facts)
    return FactFrames(
        people=_frame(
            PEOPLE,
            [
                (p, facts[p].programme_start, facts[p].profile.headline, facts[p].profile.summary)
                for p in ids
            ],
        ),
        activity_days=_frame(
            ACTIVITY_DAYS,
            [
                (p, day, kind, n)
                for p in ids
                for day, counts in facts[p].days.items()
                for kind, n in counts.items()
            ],
        ),
        contact_days=_frame(
            CONTACT_DAYS,
            [
                (p, r.contact_id, r.day, r.touches, r.answers, r.meetings, r.connects)
                for p in ids
                for r in facts[p].contact_days
            ],
        ),
        outcomes=_frame(
            OUTCOMES,
            [
                (p, o.day, o.kind, o.account_id, o.contact_id, o.amount)
                for p in ids
                for o in facts[p].outcomes
            ],
        ),
        pauses=_frame(PAUSES, [(p, a, b) for p in ids for a, b in facts[p].pauses]),
        targets=_frame(TARGETS, [(p, c) for p in ids for c in sorted(facts[p].target_contacts)]),
    )


def _frame(
    schema: Mapping[str, pl.DataType | type[pl.DataType]], rows: list[tuple[object, ...]]
) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=dict(schema), orient="row")


def up_to(frame: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """The rows of a dated frame on or before ``as_of``."""
    return frame.filter(pl.col("day") <= as_of)
