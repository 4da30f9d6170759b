"""Results charts: attribution by source and by each method, uplift with its interval per
account, replication per seller. Each builder takes the dict a results view's ``to_dict()``
gives (``ascent.service.results``), so the page, the report and the digest draw the same
numbers the CLI prints; every attribution chart names its method in its title."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ascent.web.charts.common import Row, Spec, band_height, spec

#: the outcome kinds' names on charts, in the order the service lists them
KIND_LABELS: dict[str, str] = {
    "meeting_booked": "meetings booked",
    "opportunity": "opportunities",
    "deal_won": "deals won",
    "referral": "referrals",
    "web_visits": "web visits",
}
#: Okabe-Ito colours, one per kind, fixed so a kind looks alike on every chart
KIND_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9"]
KIND_COLOUR = {
    "field": "outcome",
    "type": "nominal",
    "title": "outcome",
    "scale": {"domain": list(KIND_LABELS.values()), "range": KIND_COLOURS},
}


def credit_rows(rows: Sequence[Row], key: str = "channel") -> list[Spec]:
    """Sales outcomes only (web visits are counted in visits, drawn on their own chart)."""
    return [
        {"channel": str(r[key]), "outcome": KIND_LABELS[str(r["kind"])], "count": r["count"]}
        for r in rows
        if r["kind"] != "web_visits"
    ]


def _credit_chart(title: str, description: str, values: list[Spec]) -> Spec:
    channels = sorted({v["channel"] for v in values})
    return spec(
        title,
        description,
        height=band_height(len(channels)),
        data={"values": values},
        mark={"type": "bar"},
        encoding={
            "y": {"field": "channel", "type": "nominal", "sort": channels, "title": None},
            "x": {
                "aggregate": "sum",
                "field": "count",
                "type": "quantitative",
                "title": "outcomes",
            }
            | _empty_scale(values),
            "color": KIND_COLOUR,
            "tooltip": [
                {"field": "channel", "title": "channel"},
                {"field": "outcome", "title": "outcome"},
                {"field": "count", "title": "outcomes"},
            ],
        },
    )


def _summary(values: Sequence[Spec]) -> str:
    totals: dict[str, float] = {}
    for v in values:
        totals[v["channel"]] = totals.get(v["channel"], 0.0) + float(v["count"])
    return ", ".join(f"{c} {n:g}" for c, n in sorted(totals.items())) or "no outcomes"


def attribution_method(method: Mapping[str, Any]) -> Spec:
    """One method's credits per channel, split by outcome; the method in the title."""
    values = credit_rows(method["rows"])
    label = str(method["label"])
    return _credit_chart(
        f"Outcomes by {label} (method: {label})",
        f"Bars of sales outcomes credited per channel by the {label} method: {_summary(values)}.",
        values,
    )


def attribution_sources(data: Mapping[str, Any]) -> Spec:
    """Sales outcomes by the channel the outcome itself names: how they heard of us."""
    values = credit_rows(data["by_source"], "source_channel")
    return _credit_chart(
        "How did they hear of us (method: the outcome's own source)",
        f"Bars of sales outcomes per source channel: {_summary(values)}.",
        values,
    )


def web_visits(data: Mapping[str, Any]) -> Spec:
    """Web visits per traffic source (UTM or referrer)."""
    values = [
        {"source": str(r["source"]), "visits": r["count"]}
        for r in data["by_traffic_source"]
        if r["kind"] == "web_visits"
    ]
    sources = sorted({v["source"] for v in values})
    listed = ", ".join(f"{v['source']} {v['visits']:g}" for v in values) or "no visits"
    return spec(
        "Web visits by traffic source (method: the visit's own source)",
        f"Bars of web visits per traffic source: {listed}.",
        height=band_height(len(sources)),
        data={"values": values},
        mark={"type": "bar", "color": "#56B4E9"},
        encoding={
            "y": {"field": "source", "type": "nominal", "sort": sources, "title": None},
            "x": {"aggregate": "sum", "field": "visits", "type": "quantitative", "title": "visits"}
            | _empty_scale(values),
            "tooltip": [{"field": "source"}, {"field": "visits"}],
        },
    )


def attribution_charts(data: Mapping[str, Any]) -> list[Spec]:
    """Every attribution chart: the outcome's own source, web visits, then each method."""
    return [
        attribution_sources(data),
        web_visits(data),
        *(attribution_method(m) for m in data["methods"]),
    ]


def uplift_rows(data: Mapping[str, Any]) -> list[Spec]:
    """One row per (account, seller) with an estimate and an outcome before or after (a pair
    without any outcome is a dot at 0 with no interval: it says nothing), then the
    programme's."""
    rows = [
        {
            "row": f"{r['account']} ({r['person']})",
            "uplift": r["uplift"],
            "ci_low": r["ci_low"],
            "ci_high": r["ci_high"],
            "verdict": r["verdict"],
        }
        for r in [*data["accounts"], data["programme"] | {"person": "everyone"}]
        if r["uplift"] is not None and r["outcomes_before"] + r["outcomes_after"] > 0
    ]
    return rows


def uplift(data: Mapping[str, Any]) -> Spec:
    """Each account's uplift as a point with its 90 % interval, a rule at 0."""
    values = uplift_rows(data)
    order = [v["row"] for v in values]
    listed = "; ".join(
        f"{v['row']} {v['uplift']:+.2f} ({v['ci_low']:+.2f} to {v['ci_high']:+.2f})" for v in values
    )
    y = {"field": "row", "type": "nominal", "sort": order, "title": None}
    return spec(
        "Uplift against control accounts (method: difference in differences, 90 % interval)",
        f"Points of outcomes a week gained after the programme start against the control "
        f"accounts, with their 90 % intervals: {listed or 'no estimate'}.",
        height=band_height(len(values)),
        data={"values": values},
        layer=[
            {
                # the zero line is decoration: no role for screen readers (axe: svg-img-alt)
                "mark": {"type": "rule", "color": "#999999", "aria": False},
                "encoding": {"x": {"datum": 0, "type": "quantitative"}},
            },
            {
                "mark": {"type": "rule"},
                "encoding": {
                    "y": y,
                    "x": {"field": "ci_low", "type": "quantitative", "title": "outcomes a week"}
                    | _empty_scale(values),
                    "x2": {"field": "ci_high"},
                },
            },
            {
                "mark": {"type": "point", "filled": True, "color": "#0072B2"},
                "encoding": {
                    "y": y,
                    "x": {"field": "uplift", "type": "quantitative"},
                    "tooltip": [
                        {"field": "row", "title": "account"},
                        {"field": "uplift"},
                        {"field": "ci_low", "title": "interval from"},
                        {"field": "ci_high", "title": "interval to"},
                        {"field": "verdict"},
                    ],
                },
            },
        ],
    )


REPLICATION_SERIES = ("target accounts", "with the routine", "with outcomes")


def replication_rows(data: Mapping[str, Any]) -> list[Spec]:
    return [
        {"person": str(s["person"]), "series": series, "accounts": s[key]}
        for s in data["sellers"]
        for series, key in zip(
            REPLICATION_SERIES,
            ("target_accounts", "accounts_with_routine", "accounts_with_outcomes"),
            strict=True,
        )
    ]


def replication(data: Mapping[str, Any]) -> Spec:
    """Per seller: target accounts, those with the routine, those with outcomes."""
    values = replication_rows(data)
    people = [str(s["person"]) for s in data["sellers"]]
    listed = "; ".join(
        f"{s['person']}: routine in {s['accounts_with_routine']}, outcomes in "
        f"{s['accounts_with_outcomes']} of {s['target_accounts']}"
        for s in data["sellers"]
    )
    series = {
        "field": "series",
        "type": "nominal",
        "title": None,
        "sort": list(REPLICATION_SERIES),
        "scale": {"domain": list(REPLICATION_SERIES), "range": ["#999999", "#0072B2", "#009E73"]},
    }
    return spec(
        "Replication across target accounts",
        f"Bars per person of target accounts, those where the routine runs and those with "
        f"outcomes: {listed or 'nobody'}.",
        height=band_height(len(values), 14),
        data={"values": values},
        mark={"type": "bar"},
        encoding={
            "y": {"field": "person", "type": "nominal", "sort": people, "title": None},
            "yOffset": {"field": "series", "sort": list(REPLICATION_SERIES)},
            "x": {"field": "accounts", "type": "quantitative", "title": "accounts"}
            | _empty_scale(values),
            "color": series,
            "tooltip": [{"field": "person"}, {"field": "series"}, {"field": "accounts"}],
        },
    )


def _empty_scale(values: Sequence[object]) -> Spec:
    """A fixed x domain when there is nothing to draw: an empty stack's extent is infinite,
    and Vega warns about it (warnings are errors in the browser tests)."""
    return {"scale": {"domain": [0, 1]}} if not values else {}
