"""The programme report in Chromium: the HTML file opens without a console error or any
request, every section heading is there and every chart image has loaded; the PDF that
``ascent report -o report.pdf`` prints (headless Chromium) opens and has the same sections.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser
from pypdf import PdfReader
from typer.testing import CliRunner

from ascent.cli.app import app
from web_demo import DEMO_DAY, demo_database

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "report"
HEADINGS = [
    "Phases over time",
    "Habits",
    "Pursuits",
    "Attribution",
    "Uplift",
    "Replication",
    "Market",
    "Who needs a conversation",
]
RANGE = ("--team", "North", "--from", "2026-11-01", "--to", "2026-11-30")


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture
def db(database_url: str) -> str:
    run("--db", database_url, "import", str(FIXTURES / "north.csv"), "--team", "North")
    run("--db", database_url, "org", "settings", "--set", "k_anonymity=2")
    for who in ("ada@example.com", "bea@example.com"):
        run("--db", database_url, "person", who, "--start", "2026-10-19", "--json")
    return database_url


def test_the_html_report_renders_in_chromium(db: str, tmp_path: Path, browser: Browser) -> None:
    target = tmp_path / "report.html"
    run("--db", db, "report", *RANGE, "-o", str(target))
    context = browser.new_context(viewport={"width": 1000, "height": 1200})
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(f"{m.type}: {m.text}") if m.type in {"error", "warning"} else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(target.as_uri())
    page.wait_for_load_state("load")
    assert page.locator("h2").all_inner_texts() == HEADINGS
    assert page.locator("nav li").all_inner_texts() == HEADINGS
    # phases, the routine calendar, the funnel, replication, and the market's rising terms and
    # questions (attribution and the programme's uplift describe fewer than k: no chart),
    # each decoded by the browser
    sizes = page.locator("img.chart").evaluate_all(
        "imgs => imgs.map(i => [i.complete, i.naturalWidth > 0, i.alt.length > 0])"
    )
    assert sizes == [[True, True, True]] * 6
    assert requests == [target.as_uri()]  # the file itself, nothing else
    context.close()
    assert problems == []


def test_the_pdf_has_the_same_sections(db: str, tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    data = json.loads(run("--db", db, "report", *RANGE, "-o", str(target), "--json"))
    assert data["output"] == str(target)
    reader = PdfReader(target)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "North" in text
    for heading in HEADINGS:
        assert heading in text
    # the cover and the first section share the first page; every other section begins one
    assert len(reader.pages) >= len(HEADINGS)
    assert "Phases over time" in reader.pages[0].extract_text()
    starts = [p.extract_text().lstrip().splitlines()[0] for p in reader.pages[1:]]
    assert [h for h in HEADINGS if h in starts] == HEADINGS[1:]


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    """Team North's report of the demo programme as of its last day: data and HTML file."""
    tmp = tmp_path_factory.mktemp("report-demo")
    settings = demo_database(tmp, "report")
    target = tmp / "report.html"
    args = ("--team", "Team North", "--to", DEMO_DAY.isoformat(), "-o", str(target), "--json")
    data = json.loads(run("--db", settings.database_url, "report", *args))
    return data, target


def test_the_demo_report_shows_every_section_with_something_real(
    demo_report: tuple[dict[str, Any], Path], browser: Browser
) -> None:
    """On the demo every section has its charts (Team North has seven people: no team figure
    is hidden), Wanda Wonder tells the source story, and nothing reads "None"."""
    data, target = demo_report
    found = {s["key"]: s for s in data["sections"]}
    assert [
        k for k, s in found.items() if any(k.endswith("_hidden") and v for k, v in s.items())
    ] == []
    flags = {s["person"]: s["flags"] for s in found["replication"]["replication"]["sellers"]}
    assert flags["Wanda Wonder"] == ["single_account_success"]
    assert "Wanda Wonder" in {c["person"] for c in found["conversations"]["people"]}
    assert found["market"]["market"]["rising"] != []
    context = browser.new_context(viewport={"width": 1000, "height": 1200})
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(m.text) if m.type in {"error", "warning"} else None
    )
    page.goto(target.as_uri())
    assert page.locator("h2").all_inner_texts() == HEADINGS
    for key in ("phases", "habits", "pursuits", "attribution", "uplift", "replication", "market"):
        images = page.locator(f"#{key} img.chart")
        assert images.count() >= 1, key
        assert images.evaluate_all("imgs => imgs.every(i => i.complete && i.naturalWidth > 0)")
    text = page.locator("body").inner_text()
    assert "None" not in text.split()
    context.close()
    assert problems == []
