"""The chart builders: exact data and encodings for small inputs, and every spec compiled and
drawn by the vendored vega-lite and vega (under Node) without a warning."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ascent.service.person import Phase
from ascent.web import charts
from ascent.web.charts.activity import (
    funnel_rows,
    listen_push_rows,
    pillar_rows,
)
from ascent.web.charts.habits import heatmap_cells
from ascent.web.charts.phases import journey_line, phase_rows, timeline_points

VENDOR = Path(charts.__file__).parents[1] / "static" / "vendor"
END = date(2026, 12, 2)  # a Wednesday
DAYS = [
    {"day": "2026-06-04", "n": 2},
    {"day": "2026-09-15", "n": 1},
    {"day": "2026-12-02", "n": 3},
    {"day": "2026-06-03", "n": 9},  # the day before the window: left out
]
WEEKS = [
    {"week": "2026-06-01", "phase": "uninformed_optimism", "reason": "week 1"},
    {"week": "2026-06-08", "phase": "uninformed_optimism", "reason": "week 2"},
    {"week": "2026-06-15", "phase": "valley_of_despair", "reason": "no outcome"},
    {"week": "2026-06-22", "phase": "lapsed", "reason": "21 days idle"},
]
PILLARS = {"profile": 0.529, "publish": 0.48, "engage": 0.858, "results": 1.0}
STAGES = [
    {"stage": "touches", "n": 200},
    {"stage": "answers", "n": 50},
    {"stage": "meetings", "n": 10},
    {"stage": "opportunities", "n": 4},
    {"stage": "deals", "n": 1},
]
DISTRIBUTION = [
    {"week": "2026-11-09", "phase": "success", "people": 3},
    {"week": "2026-11-02", "phase": "valley_of_despair", "people": 2},
    {"week": "2026-11-09", "phase": "valley_of_despair", "people": 1},
]
LISTEN_PUSH = [
    {"week": "2026-11-02", "listen": 4, "push": 2},
    {"week": "2026-11-09", "listen": 1, "push": 3},
]
CHANNELS = [
    {"channel": "x", "kind": "post", "n": 2},
    {"channel": "linkedin", "kind": "comment", "n": 5},
    {"channel": "linkedin", "kind": "post", "n": 1},
    {"channel": "email", "kind": "email_out", "n": 2},
]


def all_specs() -> dict[str, dict[str, Any]]:
    return {
        "habit_heatmap": charts.habit_heatmap(DAYS, END),
        "phase_timeline": charts.phase_timeline(WEEKS),
        "phase_distribution": charts.phase_distribution(DISTRIBUTION),
        "listen_push_over_time": charts.listen_push_over_time(LISTEN_PUSH),
        "activity_by_channel": charts.activity_by_channel(CHANNELS),
        "funnel": charts.funnel(STAGES),
        "pillars": charts.pillars(PILLARS),
    }


@pytest.mark.parametrize("name", sorted(all_specs()))
def test_every_spec_has_the_shared_top_level(name: str) -> None:
    spec = all_specs()[name]
    assert spec["$schema"] == "https://vega.github.io/schema/vega-lite/v6.json"
    assert spec["width"] == "container"
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
    assert spec["title"]
    assert spec["description"].endswith(".")
    assert json.loads(json.dumps(spec)) == spec  # plain JSON, nothing a template must convert
    assert "url" not in keys(spec)  # data inline: the chart fetches nothing


def keys(node: object) -> set[str]:
    """Every key at any depth of a JSON value."""
    if isinstance(node, dict):
        return set(node).union(*(keys(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(keys(v) for v in node))
    return set()


def test_the_heatmap_has_182_days_ending_at_end_with_zeros_filled() -> None:
    cells = heatmap_cells(DAYS, END)
    assert len(cells) == 182
    assert cells[0] == {"day": "2026-06-04", "week": "2026-06-01", "weekday": "Thu", "n": 2}
    assert cells[103] == {"day": "2026-09-15", "week": "2026-09-14", "weekday": "Tue", "n": 1}
    assert cells[-1] == {"day": "2026-12-02", "week": "2026-11-30", "weekday": "Wed", "n": 3}
    assert [c["n"] for c in cells].count(0) == 179
    assert len({c["week"] for c in cells}) == 27  # 182 days from a Thursday span 27 Mondays
    assert [c["weekday"] for c in cells[4:11]] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def test_the_heatmap_adds_up_repeated_days_and_takes_a_shorter_window() -> None:
    cells = heatmap_cells([{"day": "2026-12-01", "n": 1}, {"day": "2026-12-01", "n": 2}], END, 1)
    assert [(c["day"], c["n"]) for c in cells] == [
        ("2026-11-26", 0),
        ("2026-11-27", 0),
        ("2026-11-28", 0),
        ("2026-11-29", 0),
        ("2026-11-30", 0),
        ("2026-12-01", 3),
        ("2026-12-02", 0),
    ]


def test_the_heatmap_spec_draws_weeks_against_weekdays() -> None:
    spec = charts.habit_heatmap(DAYS, END)
    assert spec["description"] == (
        "Calendar of routine actions per day over the 26 weeks to 2026-12-02: "
        "6 actions on 3 of 182 days."
    )
    assert spec["encoding"]["x"]["field"] == "week"
    assert spec["encoding"]["y"]["sort"] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert spec["encoding"]["color"]["field"] == "n"
    assert spec["height"] == 7 * 16


def test_the_phase_list_is_the_services_phases_in_curve_order() -> None:
    assert charts.PHASE_CURVE == (
        "not_started",
        "uninformed_optimism",
        "informed_pessimism",
        "valley_of_despair",
        "informed_optimism",
        "success",
    )
    assert {*charts.PHASE_CURVE, "lapsed"} == {p.value for p in Phase}
    assert charts.PHASE_POSITION == {
        "lapsed": -1,
        "not_started": 0,
        "uninformed_optimism": 1,
        "informed_pessimism": 2,
        "valley_of_despair": 3,
        "informed_optimism": 4,
        "success": 5,
    }


def test_the_timeline_places_each_week_on_the_curve_and_marks_changes() -> None:
    assert [(p["position"], p["label"], p["change"]) for p in timeline_points(WEEKS)] == [
        (1, "uninformed optimism", True),
        (1, "uninformed optimism", False),
        (3, "valley of despair", True),
        (-1, "lapsed", True),
    ]
    assert timeline_points(WEEKS)[2]["reason"] == "no outcome"


def test_the_timeline_reference_is_the_usual_journey_over_the_same_weeks() -> None:
    weeks = [{"week": f"w{i}"} for i in range(1, 14)]
    assert [p["position"] for p in journey_line(weeks)] == [1, 1, 1, 2, 2, 3, 3, 4, 4, 4, 4, 5, 5]


def test_the_timeline_names_phases_on_the_axis_and_beside_changes() -> None:
    spec = charts.phase_timeline(WEEKS)
    y = spec["encoding"]["y"]
    assert y["axis"]["values"] == [-1, 0, 1, 2, 3, 4, 5]
    assert y["axis"]["labelExpr"] == (
        "['lapsed', 'not started', 'uninformed optimism', 'informed pessimism', "
        "'valley of despair', 'informed optimism', 'success'][datum.value + 1]"
    )
    reference, _, points, text = spec["layer"]
    assert reference["mark"]["strokeDash"] == [4, 4]
    assert points["encoding"]["shape"]["field"] == "label"
    assert {"field": "reason", "title": "why"} in points["encoding"]["tooltip"]
    assert text["transform"] == [{"filter": "datum.change"}]
    assert spec["description"] == (
        "Weekly phase on the change curve, from not started through the valley of despair to "
        "success; changes: 2026-06-01: uninformed optimism; 2026-06-15: valley of despair; "
        "2026-06-22: lapsed."
    )


def test_an_unknown_phase_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown phase 'giving_up'"):
        charts.phase_timeline([{"week": "2026-06-01", "phase": "giving_up"}])


def test_the_phase_distribution_has_every_phase_every_week() -> None:
    rows = phase_rows(DISTRIBUTION)
    assert len(rows) == 14
    assert [r["week"] for r in rows[::7]] == ["2026-11-02", "2026-11-09"]
    assert [(r["phase"], r["people"]) for r in rows[7:]] == [
        ("lapsed", 0),
        ("not_started", 0),
        ("uninformed_optimism", 0),
        ("informed_pessimism", 0),
        ("valley_of_despair", 1),
        ("informed_optimism", 0),
        ("success", 3),
    ]
    spec = charts.phase_distribution(DISTRIBUTION)
    assert spec["encoding"]["color"]["field"] == "label"
    assert spec["encoding"]["color"]["scale"]["domain"][0] == "success"
    assert {"field": "label", "title": "phase"} in spec["encoding"]["tooltip"]


def test_listening_and_pushing_are_two_series_per_week() -> None:
    assert listen_push_rows(LISTEN_PUSH) == [
        {"week": "2026-11-02", "series": "listen", "n": 4},
        {"week": "2026-11-02", "series": "push", "n": 2},
        {"week": "2026-11-09", "series": "listen", "n": 1},
        {"week": "2026-11-09", "series": "push", "n": 3},
    ]
    spec = charts.listen_push_over_time(LISTEN_PUSH)
    assert spec["encoding"]["strokeDash"]["field"] == "series"
    assert "5 listening, 5 pushing" in spec["description"]


def test_channels_are_sorted_busiest_first_then_by_name() -> None:
    spec = charts.activity_by_channel(CHANNELS)
    assert spec["encoding"]["y"]["sort"] == ["linkedin", "email", "x"]
    assert spec["height"] == 3 * 28
    assert spec["description"] == (
        "Bars of activities per channel, split by kind: linkedin 6, email 2, x 2."
    )


def test_the_funnel_keeps_the_stage_order_and_labels_each_bar() -> None:
    assert funnel_rows(STAGES) == [
        {"stage": "touches", "n": 200, "label": "200"},
        {"stage": "answers", "n": 50, "label": "50 (25% of touches)"},
        {"stage": "meetings", "n": 10, "label": "10 (5% of touches)"},
        {"stage": "opportunities", "n": 4, "label": "4 (2% of touches)"},
        {"stage": "deals", "n": 1, "label": "1 (0% of touches)"},
    ]
    assert charts.funnel(STAGES)["encoding"]["y"]["sort"] == list(charts.FUNNEL_STAGES)
    assert funnel_rows([{"stage": "touches", "n": 0}, {"stage": "answers", "n": 0}])[1] == {
        "stage": "answers",
        "n": 0,
        "label": "0",
    }


def test_pillars_are_scores_out_of_100_with_the_weakest_named() -> None:
    assert pillar_rows(PILLARS) == [
        {"pillar": "profile", "score": 52.9, "label": "52.9", "weakest": False},
        {"pillar": "publish", "score": 48.0, "label": "48 (weakest)", "weakest": True},
        {"pillar": "engage", "score": 85.8, "label": "85.8", "weakest": False},
        {"pillar": "results", "score": 100.0, "label": "100", "weakest": False},
    ]
    spec = charts.pillars(PILLARS)
    assert spec["encoding"]["x"]["scale"] == {"domain": [0, 100]}
    assert spec["encoding"]["y"]["sort"] == ["profile", "publish", "engage", "results"]


def test_pillars_given_out_of_100_are_refused() -> None:
    with pytest.raises(ValueError, match=re.escape("pillar 'profile' is 52.9: pillars are 0..1")):
        charts.pillars({"profile": 52.9})


#: compiles each spec with the vendored vega-lite and draws it with the vendored vega to SVG;
#: loaded as plain scripts, as a browser loads them, so the UMD builds set the globals (run
#: from a file: under ``node -e`` ``module`` is a global and the builds would ``require``)
RENDER_JS = """
const fs = require("fs"), vm = require("vm"), path = require("path");
for (const f of ["vega/vega.min.js", "vega-lite/vega-lite.min.js"])
  vm.runInThisContext(fs.readFileSync(path.join(process.argv[2], f), "utf8"), {filename: f});
const specs = JSON.parse(fs.readFileSync(0, "utf8"));
(async () => {
  const out = {};
  for (const [name, spec] of Object.entries(specs)) {
    const messages = [];
    const log = (level) => (...a) => messages.push(level + ": " + a.join(" "));
    const logger = {level() { return this; }, error: log("error"), warn: log("warn"),
      info() {}, debug() {}};
    try {
      const compiled = vegaLite.compile(spec, {logger}).spec;
      const view = new vega.View(vega.parse(compiled), {renderer: "none", logger});
      const svg = await view.toSVG();
      out[name] = {messages, svg: svg.startsWith("<svg")};
    } catch (e) { out[name] = {messages: [...messages, "exception: " + e.message], svg: false}; }
  }
  process.stdout.write(JSON.stringify(out));
})();
"""
#: outside a browser there is no window whose resizing "container" width could follow
NO_WINDOW = "warn: Can not resolve event source: window"


def draw_without_warnings(specs: dict[str, Any], tmp: Path) -> None:
    """Compile and draw every spec with the vendored vega-lite and vega under node: each
    draws an SVG and says nothing (but ``NO_WINDOW``)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the specs are drawn by the browser tests only")
    script = tmp / "render.js"
    script.write_text(RENDER_JS, encoding="utf-8")
    result = subprocess.run(
        [node, str(script), str(VENDOR)],
        input=json.dumps(specs),
        capture_output=True,
        text=True,
        check=True,
    )
    drawn = json.loads(result.stdout)
    assert {
        name: [m for m in out["messages"] if m != NO_WINDOW] for name, out in drawn.items()
    } == {name: [] for name in specs}
    assert all(out["svg"] for out in drawn.values())


def test_every_spec_compiles_and_draws_with_the_vendored_vega_without_a_warning(
    tmp_path: Path,
) -> None:
    draw_without_warnings(all_specs(), tmp_path)
