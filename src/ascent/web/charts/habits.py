"""The habit calendar: routine actions per day, GitHub style (columns weeks, rows weekdays)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from ascent.web.charts.common import Row, Spec, band_height, spec

WEEKDAYS: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def heatmap_cells(days: Iterable[Row], end: date, weeks: int = 26) -> list[Spec]:
    """One cell per day of the ``weeks`` weeks ending at ``end``, days without activity as 0.

    ``week`` is the Monday of the day's week (the column), ``weekday`` its row.
    """
    counts: dict[str, int] = {}
    for row in days:
        counts[str(row["day"])] = counts.get(str(row["day"]), 0) + int(row["n"])
    start = end - timedelta(days=7 * weeks - 1)
    cells = []
    for offset in range(7 * weeks):
        day = start + timedelta(days=offset)
        monday = day - timedelta(days=day.weekday())
        cells.append(
            {
                "day": day.isoformat(),
                "week": monday.isoformat(),
                "weekday": WEEKDAYS[day.weekday()],
                "n": counts.get(day.isoformat(), 0),
            }
        )
    return cells


def habit_heatmap(days: Sequence[Row], end: date, weeks: int = 26) -> Spec:
    """GitHub-style calendar of routine actions per day: columns are weeks, rows weekdays."""
    cells = heatmap_cells(days, end, weeks)
    active = sum(1 for c in cells if c["n"])
    total = sum(c["n"] for c in cells)
    first_week_of_month = "+slice(datum.value, 8, 10) <= 7"
    return spec(
        "Routine actions per day",
        f"Calendar of routine actions per day over the {weeks} weeks to {end.isoformat()}: "
        f"{total} actions on {active} of {len(cells)} days.",
        height=band_height(len(WEEKDAYS), 16),
        data={"values": cells},
        mark={"type": "rect", "cornerRadius": 2, "stroke": "#ffffff"},
        encoding={
            "x": {
                "field": "week",
                "type": "ordinal",
                "title": None,
                "axis": {
                    "labelAngle": 0,
                    "ticks": False,
                    "domain": False,
                    "labelExpr": f"{first_week_of_month} ? "
                    "utcFormat(toDate(datum.value), '%b') : ''",
                },
            },
            "y": {"field": "weekday", "type": "ordinal", "sort": list(WEEKDAYS), "title": None},
            "color": {
                "field": "n",
                "type": "quantitative",
                "title": "actions",
                "scale": {"scheme": "greens", "domainMin": 0},
            },
            "tooltip": [
                {"field": "day", "title": "day"},
                {"field": "weekday", "title": "weekday"},
                {"field": "n", "title": "actions"},
            ],
        },
    )
