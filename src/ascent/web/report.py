"""The programme report as one self-contained, printable HTML file, and as PDF.

The report is drawn by the web front end because its pictures are the web app's: each chart
is the very Vega-Lite spec of ``ascent.web.charts`` that vega-embed draws in the pages,
rendered here to SVG by ``vl-convert`` (no browser, nothing fetched) and embedded as a
``data:`` image, with the spec's description as its text alternative. CSS is inline, so the
file opens anywhere, offline. ``ascent report`` (the CLI) calls this module: the one place
outside ``ascent.web`` allowed to (``tests/test_architecture.py``, docs/ARCHITECTURE.md).

The PDF is Chromium's print of that HTML (``--headless --print-to-pdf``); Chromium is
optional: without it a PDF is refused with one line saying what to install.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import vl_convert
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ascent.errors import ConfigError
from ascent.service.report import ProgrammeReport
from ascent.web import charts
from ascent.web.charts import market as market_charts
from ascent.web.charts import results as results_charts

TEMPLATES = Path(__file__).parent / "templates"
#: the newest Vega-Lite vl-convert 1.9 bundles; the pages' vega-lite (static/vendor) is 6.5,
#: the same major version as ``charts.SCHEMA`` (v6), and these specs use nothing newer
VEGA_LITE = "6.4"
#: a chart's width on an A4 page with margins (the pages' charts fill their container)
PRINT_WIDTH = 620
#: where Chromium is looked for when ``ASCENT_CHROMIUM`` does not say
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PDF_TIMEOUT_SECONDS = 120

Spec = dict[str, Any]


def environment() -> Environment:
    """Jinja2 for documents drawn outside a request (the report, the digest)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["svg_image"] = svg_image
    env.globals["phase_label"] = charts.phase_label
    return env


def printable(spec: Spec, width: int = PRINT_WIDTH) -> Spec:
    """``spec`` at a fixed width: a file has no container to fit."""
    return {**spec, "width": width, "autosize": {"type": "fit-x", "contains": "padding"}}


def svg(spec: Spec) -> str:
    """The chart as SVG, drawn by vl-convert from the same spec the pages draw."""
    return str(vl_convert.vegalite_to_svg(printable(spec), vl_version=VEGA_LITE))


def png(spec: Spec, scale: float = 1.5) -> bytes:
    """The chart as PNG (e-mail clients show no SVG)."""
    return bytes(vl_convert.vegalite_to_png(printable(spec), vl_version=VEGA_LITE, scale=scale))


def svg_image(spec: Spec) -> Markup:
    """An ``<img>`` of the chart as a ``data:`` SVG, its description as the alternative."""
    data = base64.b64encode(svg(spec).encode("utf-8")).decode("ascii")
    alt = Markup.escape(str(spec.get("description") or spec.get("title") or "chart"))
    return Markup(f'<img class="chart" src="data:image/svg+xml;base64,{data}" alt="{alt}">')  # noqa: S704


#: per section key, the charts drawn from its data (none when a figure is hidden)
SECTION_CHARTS: dict[str, Callable[[dict[str, Any]], list[Spec]]] = {
    "phases": lambda d: [charts.phase_distribution(d["distribution"])] if d["distribution"] else [],
    "habits": lambda d: (
        []
        if d["routine_days"] is None
        else [
            _team_calendar(d["routine_days"], d["last_day"], d["calendar_weeks"]),
        ]
    ),
    "pursuits": lambda d: [charts.funnel(d["funnel"]["stages"])] if d["funnel"] else [],
    "attribution": lambda d: (
        results_charts.attribution_charts(d["attribution"]) if d["attribution"] else []
    ),
    "uplift": lambda d: (
        [results_charts.uplift(_uplift(d["uplift"]))] if d["uplift"]["accounts"] else []
    ),
    "replication": lambda d: (
        [results_charts.replication(d["replication"])] if d["replication"]["sellers"] else []
    ),
    "market": lambda d: [
        spec
        for spec in (
            market_charts.rising_terms(d["market"]),
            market_charts.question_groups(d["market"]),
            market_charts.gap_terms(d["market"]),
        )
        if spec is not None
    ],
}


def _uplift(data: dict[str, Any]) -> dict[str, Any]:
    """The uplift view as its chart takes it: a hidden programme figure draws no point."""
    programme = data["programme"] or {"account": "all target accounts", "uplift": None}
    return data | {"programme": programme}


def _team_calendar(days: list[dict[str, Any]], last: str, weeks: int) -> Spec:
    found = charts.habit_heatmap(days, date.fromisoformat(last), weeks)
    return {**found, "title": "The team's routine actions per day"}


def section_charts(report: ProgrammeReport) -> dict[str, list[Spec]]:
    """The specs of each section, from the same dict ``--json`` prints."""
    data = report.to_dict()
    found = {}
    for section in data["sections"]:
        draw = SECTION_CHARTS.get(section["key"])
        found[section["key"]] = draw(section | {"last_day": data["last_day"]}) if draw else []
    return found


def render_report(report: ProgrammeReport) -> str:
    """The report as one self-contained HTML document."""
    template = environment().get_template("report.html")
    return template.render(data=report.to_dict(), charts=section_charts(report))


def output_kind(path: Path) -> str:
    """``html`` or ``pdf`` by the file's suffix (checked before anything is computed)."""
    suffix = path.suffix.lower()
    if suffix not in (".html", ".htm", ".pdf"):
        raise ConfigError(f"-o {path}: the report is written as .html or .pdf")
    if suffix != ".pdf":
        return "html"
    chromium()
    return "pdf"


def write_report(report: ProgrammeReport, path: Path) -> Path:
    """Write the report to ``path``: HTML for ``.html``/``.htm``, PDF for ``.pdf``."""
    kind = output_kind(path)
    document = render_report(report)
    if kind == "pdf":
        write_pdf(document, path)
    else:
        path.write_text(document, encoding="utf-8")
    return path


def chromium() -> str:
    """The Chromium to print with: ``ASCENT_CHROMIUM``, else the first on the PATH."""
    named = os.environ.get("ASCENT_CHROMIUM")
    if named:
        if not Path(named).exists():
            raise ConfigError(f"ASCENT_CHROMIUM={named}: no such file")
        return named
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise ConfigError(
        "a PDF needs Chromium: install it (apt-get install chromium) or set ASCENT_CHROMIUM "
        "to its path; -o report.html needs nothing"
    )


def write_pdf(document: str, path: Path) -> None:
    """Print ``document`` to the PDF ``path`` with headless Chromium (no network needed)."""
    browser = chromium()
    with tempfile.TemporaryDirectory(prefix="ascent-report-") as folder:
        source = Path(folder) / "report.html"
        source.write_text(document, encoding="utf-8")
        target = path.resolve()
        target.unlink(missing_ok=True)
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--no-pdf-header-footer",
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        try:
            done = subprocess.run(  # noqa: S603 - our own arguments, no shell
                command, capture_output=True, timeout=PDF_TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired:
            raise ConfigError(f"Chromium took over {PDF_TIMEOUT_SECONDS} s to print") from None
    if done.returncode != 0 or not target.exists():
        raise ConfigError(f"Chromium could not print the PDF (exit {done.returncode})")
