"""The programme report in Chromium: the HTML file opens without a console error or any
request, every section heading is there and every chart image has loaded; the PDF that
``ascent report -o report.pdf`` prints (headless Chromium) opens and has the same sections.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from pypdf import PdfReader
from typer.testing import CliRunner

from ascent.cli.app import app

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
