"""Market charts: rising terms this week against last, the gap, the groups of questions.

Each builder takes the market's dict (``service.market.MarketView.to_dict()``, which
``ascent market --json`` prints and the page's twin serves) and only shapes it.
"""

from __future__ import annotations

from typing import Any

from ascent.web.charts.common import Row, Spec, band_height, spec

#: the two bars of each rising term, in the order drawn
WEEKS: tuple[str, ...] = ("this week", "last week")
WEEK_COLOURS: tuple[str, ...] = ("#0072B2", "#999999")


def rising_rows(market: Row) -> list[dict[str, Any]]:
    """Two rows per rising term: its count this week and last week (the long form)."""
    labels = _labels(market["rising"])
    return [
        {"term": label, "week": week, "texts": int(r[key])}
        for r, label in zip(market["rising"], labels, strict=True)
        for week, key in zip(WEEKS, ("this_week", "last_week"), strict=True)
    ]


def rising_terms(market: Row) -> Spec:
    """Bars of each rising term's texts this week beside last week's, biggest rise first."""
    rows, terms = rising_rows(market), _labels(market["rising"])
    described = ", ".join(
        f"{label} {r['this_week']} against {r['last_week']}"
        for r, label in zip(market["rising"], terms, strict=True)
    )
    week = {"field": "week", "type": "nominal", "title": None}
    return spec(
        "Rising terms: this week against last",
        "Bars of the texts mentioning each rising term this week and last week: "
        + (described or "no term rose")
        + ".",
        height=band_height(len(terms), 36),
        data={"values": rows},
        mark={"type": "bar"},
        encoding={
            "y": {"field": "term", "type": "nominal", "sort": terms, "title": None},
            "yOffset": {**week, "sort": list(WEEKS)},
            "x": {
                "field": "texts",
                "type": "quantitative",
                "title": "texts",
                "axis": {"tickMinStep": 1},
            },
            "color": {
                **week,
                "scale": {"domain": list(WEEKS), "range": list(WEEK_COLOURS)},
            },
            "tooltip": [
                {"field": "term", "title": "term"},
                {"field": "week", "title": "week"},
                {"field": "texts", "title": "texts"},
            ],
        },
    )


def gap_terms(market: Row) -> Spec | None:
    """Bars of the market's terms the team's posts leave out (None when no gap is known)."""
    gap = market["gap"]
    if gap is None:
        return None
    rows = [
        {"term": label, "texts": int(g["texts"])}
        for g, label in zip(gap, _labels(gap), strict=True)
    ]
    description = "Bars of the texts of the last " + (
        f"{market['window']['days']} days mentioning each term the team's posts never use: "
    )
    return _bars(
        "What the market talks about and the team does not",
        description,
        rows,
        label="term",
        count="texts",
        colour="#D55E00",
        none="no gap",
    )


def question_groups(market: Row) -> Spec:
    """Bars of how many questions each group holds (the group of no shared term last)."""
    rows = [
        {"group": g["term"] or "other questions", "questions": int(g["count"])}
        for g in market["questions"]
    ]
    return _bars(
        "Questions the market asks, by shared term",
        "Bars of the questions in each group: ",
        rows,
        label="group",
        count="questions",
        colour="#009E73",
        none="no questions",
    )


def _bars(
    title: str,
    description: str,
    rows: list[dict[str, Any]],
    *,
    label: str,
    count: str,
    colour: str,
    none: str,
) -> Spec:
    """Horizontal bars of ``count`` per ``label``, in the rows' order, each named in the
    description (``none`` when there is no row)."""
    return spec(
        title,
        description + (", ".join(f"{r[label]} {r[count]}" for r in rows) or none) + ".",
        height=band_height(len(rows)),
        data={"values": rows},
        mark={"type": "bar", "color": colour},
        encoding={
            "y": {
                "field": label,
                "type": "nominal",
                "sort": [r[label] for r in rows],
                "title": None,
            },
            "x": {
                "field": count,
                "type": "quantitative",
                "title": count,
                "axis": {"tickMinStep": 1},
            },
            "tooltip": [{"field": label, "title": label}, {"field": count, "title": count}],
        },
    )


def _labels(rows: list[Row]) -> list[str]:
    """Each row's term, with its language (``onboarding (de)``) when the rows are in more
    than one: one term of two languages is two bars, never one."""
    if len({r.get("lang") for r in rows}) <= 1:
        return [str(r["term"]) for r in rows]
    return [f"{r['term']} ({r.get('lang') or 'und'})" for r in rows]
