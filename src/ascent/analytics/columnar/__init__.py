"""Measures for the whole team at once, as columnar operations over Polars frames.

The per-person functions of ``ascent.analytics`` stay the reference: each module here is the
twin of one of them and a property test holds the two equal on generated histories
(``tests/analytics/test_columnar_equals_reference.py``). Inputs are the rollups of many people
as frames (``frames.FactFrames``), read as Arrow by ``ascent.store.arrow_facts``.
"""

from __future__ import annotations

from ascent.analytics.columnar.consistency import consistency_frame
from ascent.analytics.columnar.frames import FactFrames, frames_of
from ascent.analytics.columnar.habits import habit_frame
from ascent.analytics.columnar.listening import listen_push_frame
from ascent.analytics.columnar.phases import week_signals_frame, with_phases
from ascent.analytics.columnar.programme import start_frame
from ascent.analytics.columnar.pursuits import (
    answer_distribution,
    pursuit_frame,
    summaries,
    summary_frame,
)

__all__ = [
    "FactFrames",
    "answer_distribution",
    "consistency_frame",
    "frames_of",
    "habit_frame",
    "listen_push_frame",
    "pursuit_frame",
    "start_frame",
    "summaries",
    "summary_frame",
    "week_signals_frame",
    "with_phases",
]
