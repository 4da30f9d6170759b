"""Phase charts: one person's weekly phase on the change curve, and a team's phases over time."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ascent.service.person import Phase
from ascent.web.charts.common import (
    PHASE_COLOURS,
    PHASE_CURVE,
    PHASE_POSITION,
    PHASE_SHAPES,
    PHASES_BY_POSITION,
    WEEK_FIELD,
    WEEK_X,
    Row,
    Spec,
    phase_channel,
    phase_label,
    position,
    spec,
)

#: the usual journey through the curve (DESIGN §4 baseline): (first week, phase), weeks from 1
JOURNEY: tuple[tuple[int, str], ...] = (
    (1, Phase.UNINFORMED_OPTIMISM.value),
    (4, Phase.INFORMED_PESSIMISM.value),
    (6, Phase.VALLEY_OF_DESPAIR.value),
    (8, Phase.INFORMED_OPTIMISM.value),
    (12, Phase.SUCCESS.value),
)


def timeline_points(weeks: Sequence[Row]) -> list[Spec]:
    """The person's weeks with each phase's position, label, and whether the phase changed."""
    points = []
    previous = None
    for row in weeks:
        phase = str(row["phase"])
        points.append(
            {
                "week": str(row["week"]),
                "phase": phase,
                "label": phase_label(phase),
                "position": position(phase),
                "reason": str(row.get("reason") or ""),
                "change": phase != previous,
                "summary": f"week of {row['week']}: {phase_label(phase)}",
            }
        )
        previous = phase
    return points


def journey_line(weeks: Sequence[Row]) -> list[Spec]:
    """The usual journey (JOURNEY) laid over the same weeks: the reference curve's points."""
    line = []
    for index, row in enumerate(weeks, start=1):
        phase = [p for first, p in JOURNEY if first <= index][-1]
        line.append({"week": str(row["week"]), "position": PHASE_POSITION[phase]})
    return line


def phase_timeline(weeks: Sequence[Row]) -> Spec:
    """Each week's phase placed on the change curve, with its reason, against the usual path.

    y is the phase's place along the curve (not started at 0 up to success at 5, lapsed at
    -1), labelled with the phase's name; a faint dashed line shows the usual journey over the
    same weeks; each change of phase is written beside its point.
    """
    points = timeline_points(weeks)
    labels = [phase_label(p) for p in PHASES_BY_POSITION]
    y = {
        "field": "position",
        "type": "quantitative",
        "title": "phase",
        "scale": {"domain": [-1, len(PHASE_CURVE) - 1]},
        "axis": {
            "values": [PHASE_POSITION[p] for p in PHASES_BY_POSITION],
            "labelExpr": f"{labels}[datum.value + 1]",
            "tickMinStep": 1,
        },
    }
    changes = [f"{p['week']}: {p['label']}" for p in points if p["change"]]
    return spec(
        "Phase week by week",
        "Weekly phase on the change curve, from not started through the valley of despair "
        "to success; changes: " + ("; ".join(changes) or "none") + ".",
        height=260,
        encoding={"x": WEEK_X, "y": y},
        layer=[
            {
                "data": {"values": journey_line(weeks)},
                "mark": {
                    "type": "line",
                    "interpolate": "monotone",
                    "strokeDash": [4, 4],
                    "color": "#999999",
                    "opacity": 0.5,
                    "tooltip": None,
                },
            },
            {"data": {"values": points}, "mark": {"type": "line", "color": "#666666"}},
            {
                "data": {"values": points},
                "mark": {"type": "point", "filled": True, "size": 90},
                "encoding": {
                    "color": phase_channel(PHASE_COLOURS),
                    "shape": phase_channel(PHASE_SHAPES),
                    "tooltip": [
                        WEEK_FIELD,
                        {"field": "label", "title": "phase"},
                        {"field": "reason", "title": "why"},
                    ],
                    "description": {"field": "summary"},
                },
            },
            {
                "data": {"values": points},
                "transform": [{"filter": "datum.change"}],
                "mark": {"type": "text", "align": "left", "dx": 6, "dy": -10, "fontSize": 11},
                "encoding": {"text": {"field": "label"}},
            },
        ],
    )


def phase_rows(rows: Iterable[Row]) -> list[Spec]:
    """People per week and phase, every phase present each week (0 when none) for stacking."""
    people: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (str(row["week"]), str(row["phase"]))
        position(key[1])
        people[key] = people.get(key, 0) + int(row["people"])
    weeks = sorted({week for week, _ in people})
    return [
        {
            "week": week,
            "phase": phase,
            "label": phase_label(phase),
            "position": PHASE_POSITION[phase],
            "people": people.get((week, phase), 0),
        }
        for week in weeks
        for phase in PHASES_BY_POSITION
    ]


def phase_distribution(rows: Sequence[Row]) -> Spec:
    """How many people were in each phase, week by week (stacked area; phase in legend+tooltip)."""
    values = phase_rows(rows)
    return spec(
        "People by phase over time",
        "Stacked area of the number of people in each phase per week, "
        f"over {len({v['week'] for v in values})} weeks.",
        height=240,
        data={"values": values},
        mark={"type": "area"},
        encoding={
            "x": WEEK_X,
            "y": {
                "field": "people",
                "type": "quantitative",
                "stack": "zero",
                "title": "people",
                "axis": {"tickMinStep": 1, "format": "d"},
            },
            "color": phase_channel(PHASE_COLOURS),
            "order": {"field": "position", "type": "quantitative"},
            "tooltip": [
                WEEK_FIELD,
                {"field": "label", "title": "phase"},
                {"field": "people", "title": "people"},
            ],
        },
    )
