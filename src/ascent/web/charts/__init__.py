"""Vega-Lite v6 specifications for the web app's charts, as plain dicts (issue 9, item 8).

Pure functions: each takes the plain data a service's ``to_dict()`` already gives and returns
a spec that vega-embed draws in the page (and that ``vl-convert`` can later turn into SVG for
the report), so a chart never computes a measure, only shapes it. Every spec carries the same
top level: the v6 ``$schema``, ``width: "container"``, a ``title`` and a ``description`` that
screen readers announce in place of the picture.
"""

from __future__ import annotations

from ascent.web.charts.activity import (
    FUNNEL_STAGES,
    activity_by_channel,
    funnel,
    listen_push_over_time,
    pillars,
)
from ascent.web.charts.common import PHASE_CURVE, PHASE_POSITION, SCHEMA, phase_label
from ascent.web.charts.habits import habit_heatmap
from ascent.web.charts.phases import phase_distribution, phase_timeline

__all__ = [
    "FUNNEL_STAGES",
    "PHASE_CURVE",
    "PHASE_POSITION",
    "SCHEMA",
    "activity_by_channel",
    "funnel",
    "habit_heatmap",
    "listen_push_over_time",
    "phase_distribution",
    "phase_label",
    "phase_timeline",
    "pillars",
]
