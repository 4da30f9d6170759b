"""What every chart shares: the spec's top level and how phases look (colour, shape, place).

A phase looks the same on every chart: its colour and shape are fixed here, and its name is
always written (axis, text, legend, tooltip), never told by colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ascent.service.person import Phase

Spec = dict[str, Any]
Row = Mapping[str, Any]
#: an identifier of the Vega-Lite version only: vega-embed reads it, nothing is fetched
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"

#: the change curve in the order a person walks it (DESIGN §3); ``lapsed`` is off the curve
PHASE_CURVE: tuple[str, ...] = tuple(
    p.value
    for p in (
        Phase.NOT_STARTED,
        Phase.UNINFORMED_OPTIMISM,
        Phase.INFORMED_PESSIMISM,
        Phase.VALLEY_OF_DESPAIR,
        Phase.INFORMED_OPTIMISM,
        Phase.SUCCESS,
    )
)
LAPSED: str = Phase.LAPSED.value
#: y position of each phase on the timeline: its place on the curve, lapsed below the start
PHASE_POSITION: dict[str, int] = {LAPSED: -1} | {p: i for i, p in enumerate(PHASE_CURVE)}
#: every phase from the bottom of the timeline to its top
PHASES_BY_POSITION: tuple[str, ...] = (LAPSED, *PHASE_CURVE)
#: Okabe-Ito colours (distinguishable with the common colour-vision deficiencies)
PHASE_COLOURS: dict[str, str] = {
    LAPSED: "#000000",
    Phase.NOT_STARTED.value: "#999999",
    Phase.UNINFORMED_OPTIMISM.value: "#56B4E9",
    Phase.INFORMED_PESSIMISM.value: "#E69F00",
    Phase.VALLEY_OF_DESPAIR.value: "#D55E00",
    Phase.INFORMED_OPTIMISM.value: "#0072B2",
    Phase.SUCCESS.value: "#009E73",
}
#: a second channel besides colour, for the points of the phase timeline
PHASE_SHAPES: dict[str, str] = {
    LAPSED: "cross",
    Phase.NOT_STARTED.value: "circle",
    Phase.UNINFORMED_OPTIMISM.value: "triangle-up",
    Phase.INFORMED_PESSIMISM.value: "triangle-down",
    Phase.VALLEY_OF_DESPAIR.value: "square",
    Phase.INFORMED_OPTIMISM.value: "diamond",
    Phase.SUCCESS.value: "wedge",
}
#: dates in the data are calendar days: read and print them in UTC so no time zone shifts them
WEEK_FIELD: Spec = {
    "field": "week",
    "type": "temporal",
    "timeUnit": "utcyearmonthdate",
    "title": "week",
}
#: the week on the x axis: day and month are enough, the year is in the tooltip
WEEK_X: Spec = {**WEEK_FIELD, "axis": {"format": "%d %b"}}


def band_height(rows: int, step: int = 28) -> int:
    """A fixed height for ``rows`` bands: a discrete step height would make vega-lite drop the
    container-width fit with a warning, and warnings are errors in the browser tests."""
    return max(rows, 1) * step


def phase_label(phase: str) -> str:
    """The words shown for a phase: ``valley_of_despair`` -> ``valley of despair``."""
    return phase.replace("_", " ")


def spec(title: str, description: str, **body: Any) -> Spec:
    """The top level every chart shares."""
    return {
        "$schema": SCHEMA,
        "title": title,
        "description": description,
        "width": "container",
        # fill the container's width only: heights are fixed or set by discrete steps
        "autosize": {"type": "fit-x", "contains": "padding"},
        **body,
    }


def phase_channel(palette: Mapping[str, str]) -> Spec:
    """Phase label on colour or shape, with a fixed scale so a phase looks alike everywhere.

    The legend lists the phases from the top of the curve down, as the timeline's axis does.
    """
    phases = PHASES_BY_POSITION[::-1]
    return {
        "field": "label",
        "type": "nominal",
        "title": "phase",
        "scale": {
            "domain": [phase_label(p) for p in phases],
            "range": [palette[p] for p in phases],
        },
    }


def position(phase: str) -> int:
    """The phase's place on the timeline's y axis; an unknown phase is a programming error."""
    try:
        return PHASE_POSITION[phase]
    except KeyError:
        raise ValueError(f"unknown phase {phase!r}") from None
