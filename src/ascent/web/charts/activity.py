"""Activity and outcome charts: listening against pushing, channels, the funnel, the pillars."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ascent.web.charts.common import WEEK_FIELD, WEEK_X, Row, Spec, band_height, spec

#: the funnel of the lead home, in order (issue 9): what `funnel` expects to be given
FUNNEL_STAGES: tuple[str, ...] = ("touches", "answers", "meetings", "opportunities", "deals")


def listen_push_rows(weeks: Iterable[Row]) -> list[Spec]:
    """One row per week and series (``listen``, ``push``): the long form a legend needs."""
    return [
        {"week": str(row["week"]), "series": series, "n": int(row[series])}
        for row in weeks
        for series in ("listen", "push")
    ]


def listen_push_over_time(weeks: Sequence[Row]) -> Spec:
    """Listening (comments, reactions, replies) against pushing (posts, shares) per week."""
    values = listen_push_rows(weeks)
    listen = sum(v["n"] for v in values if v["series"] == "listen")
    push = sum(v["n"] for v in values if v["series"] == "push")
    series = {"field": "series", "type": "nominal", "title": None, "sort": ["listen", "push"]}
    return spec(
        "Listening and pushing per week",
        f"Lines of listening and pushing actions per week over {len(weeks)} weeks: "
        f"{listen} listening, {push} pushing in all; the goal is to listen at least as often "
        "as you push.",
        height=200,
        data={"values": values},
        encoding={
            "x": WEEK_X,
            "y": {"field": "n", "type": "quantitative", "title": "actions"},
            "color": series,
            "strokeDash": series,
            "tooltip": [
                WEEK_FIELD,
                {"field": "series", "title": "series"},
                {"field": "n", "title": "actions"},
            ],
        },
        layer=[
            {"mark": {"type": "line"}},
            {"mark": {"type": "point", "filled": True}, "encoding": {"shape": series}},
        ],
    )


def activity_by_channel(rows: Sequence[Row]) -> Spec:
    """Activities per channel (busiest first), each bar split by activity kind."""
    values = [
        {"channel": str(r["channel"]), "kind": str(r["kind"]), "n": int(r["n"])} for r in rows
    ]
    totals: dict[str, int] = {}
    for r in rows:
        totals[str(r["channel"])] = totals.get(str(r["channel"]), 0) + int(r["n"])
    channels = sorted(totals, key=lambda c: (-totals[c], c))
    return spec(
        "Activity by channel",
        "Bars of activities per channel, split by kind: "
        + (", ".join(f"{c} {totals[c]}" for c in channels) or "no activity")
        + ".",
        height=band_height(len(channels)),
        data={"values": values},
        mark={"type": "bar"},
        encoding={
            "y": {"field": "channel", "type": "nominal", "sort": channels, "title": None},
            "x": {"aggregate": "sum", "field": "n", "type": "quantitative", "title": "activities"},
            "color": {"field": "kind", "type": "nominal", "title": "kind"},
            "tooltip": [
                {"field": "channel", "title": "channel"},
                {"field": "kind", "title": "kind"},
                {"field": "n", "title": "activities"},
            ],
        },
    )


def funnel_rows(stages: Sequence[Row]) -> list[Spec]:
    """Stages in the order given, each labelled with its count and its share of the first."""
    first = int(stages[0]["n"]) if stages else 0
    rows = []
    for index, row in enumerate(stages):
        n = int(row["n"])
        share = f" ({round(100 * n / first)}% of {stages[0]['stage']})" if index and first else ""
        rows.append({"stage": str(row["stage"]), "n": n, "label": f"{n}{share}"})
    return rows


def funnel(stages: Sequence[Row]) -> Spec:
    """Touches -> answers -> meetings -> opportunities -> deals as labelled horizontal bars."""
    values = funnel_rows(stages)
    order = [v["stage"] for v in values]
    return spec(
        "From touches to deals",
        "Funnel: " + (" → ".join(f"{v['stage']} {v['n']}" for v in values) or "no data") + ".",
        height=band_height(len(values)),
        data={"values": values},
        encoding={
            "y": {"field": "stage", "type": "nominal", "sort": order, "title": None},
            "x": {"field": "n", "type": "quantitative", "title": None},
        },
        layer=[
            {
                "mark": {"type": "bar", "color": "#0072B2"},
                "encoding": {"tooltip": [{"field": "stage"}, {"field": "label", "title": "n"}]},
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 4},
                "encoding": {"text": {"field": "label"}},
            },
        ],
    )


def pillar_rows(pillars: Mapping[str, float]) -> list[Spec]:
    """Pillars (0..1, as the services give them) as scores 0..100; the weakest one flagged."""
    for name, value in pillars.items():
        if not 0 <= value <= 1:
            raise ValueError(f"pillar {name!r} is {value}: pillars are 0..1")
    weakest = min(pillars, key=lambda name: pillars[name]) if pillars else None
    rows = []
    for name, value in pillars.items():
        score = round(100 * value, 1)
        label = f"{score:g}" + (" (weakest)" if name == weakest else "")
        rows.append({"pillar": name, "score": score, "label": label, "weakest": name == weakest})
    return rows


def pillars(pillars: Mapping[str, float]) -> Spec:
    """One bar per jigsaw pillar on 0..100, the weakest named on its bar, not only coloured."""
    values = pillar_rows(pillars)
    return spec(
        "Jigsaw pillars",
        "Bars of the jigsaw pillars out of 100: "
        + (", ".join(v["pillar"] + " " + v["label"] for v in values) or "none")
        + ".",
        height=band_height(len(values)),
        data={"values": values},
        encoding={
            "y": {"field": "pillar", "type": "nominal", "sort": list(pillars), "title": None},
            "x": {
                "field": "score",
                "type": "quantitative",
                "title": "score",
                "scale": {"domain": [0, 100]},
            },
        },
        layer=[
            {
                "mark": {"type": "bar"},
                "encoding": {
                    "color": {
                        "field": "weakest",
                        "type": "nominal",
                        "legend": None,
                        "scale": {"domain": [False, True], "range": ["#0072B2", "#D55E00"]},
                    },
                    "tooltip": [{"field": "pillar"}, {"field": "label", "title": "score"}],
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 4},
                "encoding": {"text": {"field": "label"}},
            },
        ],
    )
