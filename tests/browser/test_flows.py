"""What a seller and a lead do in the browser: upload an export and read its report, upload a
bad file and read the one-line error, log a coffee and see it at home, mark a follow-up done,
edit the strategy and watch its coverage change."""

from __future__ import annotations

import re
from pathlib import Path

from axe import serious_violations
from browsing import Watch, log_in
from playwright.sync_api import Page, expect

from web_demo import LEAD_NORTH, SELLER

FIXTURES = Path(__file__).parents[1] / "fixtures"
CALENDAR = FIXTURES / "ics" / "outlook" / "Calendar.ics"


def test_an_upload_shows_the_import_report(page: Page) -> None:
    log_in(page, SELLER)
    page.get_by_role("link", name="Imports").click()
    page.get_by_label("Export files").set_input_files(CALENDAR)
    page.evaluate(
        """() => { window.shown = [];
        document.addEventListener("htmx:xhr:progress", (event) => {
            if (event.target.id !== "import-form") { return; }  // not the job's polling
            window.shown.push(document.getElementById("import-progress").value); }); }"""
    )
    page.get_by_role("button", name="Import").click()
    # the upload answers at once with its job, whose progress HTMX polls until the report
    expect(page.locator("#import-job")).to_be_visible()
    report = page.locator("#import-report")
    expect(report).to_be_visible(timeout=30_000)
    expect(page.locator("#import-job")).to_have_attribute("data-status", "done")
    expect(report).to_contain_text("Calendar.ics")
    assert page.evaluate("window.shown")[-1] == 100  # the bar followed the upload to its end
    assert serious_violations(page) == []


def test_a_bad_file_is_one_line_and_nothing_else(page: Page, watch: Watch, tmp_path: Path) -> None:
    watch.allow(400)
    bad = tmp_path / "notes.txt"
    bad.write_text("these are my notes, not an export\n", encoding="utf-8")
    log_in(page, SELLER)
    page.goto("/imports")
    page.get_by_label("Export files").set_input_files(bad)
    page.get_by_role("button", name="Import").click()
    error = page.locator("#import-error")
    expect(error).to_have_text(re.compile(r"^error: notes\.txt: .+"))
    assert "\n" not in error.inner_text()
    expect(page.locator("#import-report")).to_have_count(0)


def test_a_coffee_logged_shows_on_the_home_page(page: Page) -> None:
    log_in(page, SELLER)
    page.get_by_label("What", exact=True).select_option("coffee")
    page.get_by_label("With whom (name)").fill("Grace Browser")
    page.get_by_role("button", name="Log it").click()
    expect(page.locator("main")).to_contain_text("logged coffee with Grace Browser")


def test_done_marks_a_follow_up_in_place(page: Page) -> None:
    log_in(page, SELLER)
    first = page.get_by_role("button", name=re.compile(r"^Done: touched ")).first
    first.click()
    expect(page.get_by_role("status").filter(has_text="done ✓").first).to_be_visible()


def test_editing_the_strategy_changes_its_coverage_live(page: Page) -> None:
    log_in(page, LEAD_NORTH)
    page.get_by_role("link", name="Strategy").click()
    coverage = page.locator("#strategy-coverage")
    before = coverage.inner_text()
    assert re.fullmatch(r"\d+\.\d%", before), before
    page.locator("#tactic-kinds-0").fill("invite_out")
    expect(coverage).not_to_have_text(before)
    assert re.fullmatch(r"\d+\.\d%", coverage.inner_text())
    page.reload()  # nothing was saved: the page shows the saved strategy's coverage again
    expect(page.locator("#strategy-coverage")).to_have_text(before)
