"""The content coach's charts: a draft's points (what earned and what cost the score) and a
seller's post scores over time (the person page)."""

from __future__ import annotations

from collections.abc import Sequence

from ascent.web.charts.common import Row, Spec, band_height, spec

#: earned and cost look different in colour and in the words of the legend
EFFECT_COLOURS = {"earned": "#009E73", "cost": "#D55E00"}


def draft_points(points: Sequence[Row]) -> Spec:
    """One bar per rule of a review (the base left out): right for points earned, left for
    points cost."""
    values = [
        {
            "rule": str(p["rule"]),
            "effect": int(p["effect"]),
            "sign": "earned" if int(p["effect"]) >= 0 else "cost",
        }
        for p in points
        if p["rule"] != "base"
    ]
    said = ", ".join(f"{v['rule']} {v['effect']:+d}" for v in values) or "no rule fired"
    return spec(
        "What earned and what cost the score",
        f"Bars of each rule's effect on the score from a base of 50: {said}.",
        height=band_height(len(values)),
        data={"values": values},
        mark={"type": "bar"},
        encoding={
            "y": {"field": "rule", "type": "nominal", "sort": None, "title": None},
            "x": {"field": "effect", "type": "quantitative", "title": "points"},
            "color": {
                "field": "sign",
                "type": "nominal",
                "title": None,
                "scale": {"domain": list(EFFECT_COLOURS), "range": list(EFFECT_COLOURS.values())},
            },
            "tooltip": [{"field": "rule", "title": "rule"}, {"field": "effect", "title": "points"}],
        },
    )


def post_scores_over_time(posts: Sequence[Row]) -> Spec:
    """Each scored post or share of a person as a point on its day, joined by a line."""
    values: list[Spec] = [{"day": str(p["day"]), "score": int(p["score"])} for p in posts]
    scores = [int(v["score"]) for v in values]
    if values:
        said = (
            f"{len(values)} posts from {values[0]['day']} to {values[-1]['day']}, "
            f"average {sum(scores) / len(scores):.0f} of 100, the latest {scores[-1]}."
        )
    else:
        said = "no scored post yet."
    day = {"field": "day", "type": "temporal", "timeUnit": "utcyearmonthdate", "title": "day"}
    return spec(
        "Customer focus of each post",
        f"The content coach's score of 0 to 100 of each post over time: {said}",
        height=200,
        data={"values": values},
        encoding={
            "x": {**day, "axis": {"format": "%d %b %Y"}},
            "y": {
                "field": "score",
                "type": "quantitative",
                "title": "score",
                "scale": {"domain": [0, 100]},
            },
            "tooltip": [day, {"field": "score", "title": "score"}],
        },
        layer=[{"mark": {"type": "line"}}, {"mark": {"type": "point", "filled": True}}],
    )
