"""The content coach in the browser: a draft typed and scored in place (HTMX swaps in the
result, its chart drawn), a refused draft as one line, and the person page's chart of post
scores, each without a console error or a serious accessibility violation."""

from __future__ import annotations

from axe import serious_violations
from browsing import Watch, log_in
from playwright.sync_api import Page, expect

from web_demo import SELLER

PROMOTION = "We are proud to announce our award-winning platform."


def test_a_draft_is_scored_in_place(page: Page) -> None:
    log_in(page, SELLER)
    page.goto("/coach")
    page.get_by_label("Your draft").fill(PROMOTION)
    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name="Score the draft").click()
    expect(page.locator("#coach-score")).to_have_text("11")
    expect(page.locator("#coach-first-line")).to_have_text(
        "What would a new platform change for you?"
    )
    expect(page.locator("#coach-points")).to_contain_text("proud to announce, award-winning")
    expect(page.locator("#chart-coach-points svg")).to_have_count(1)  # drawn after the swap
    assert page.evaluate("window.notReloaded") is True  # HTMX swapped, no page load
    assert serious_violations(page) == []


def test_an_empty_draft_is_one_line(page: Page, watch: Watch) -> None:
    watch.allow(400)
    log_in(page, SELLER)
    page.goto("/coach")
    page.get_by_label("Your draft").fill("   ")
    page.get_by_role("button", name="Score the draft").click()
    expect(page.locator("#coach-error")).to_have_text("error: the draft is empty")


def test_the_person_page_charts_post_scores(page: Page) -> None:
    log_in(page, SELLER)
    page.get_by_role("link", name="My progress").click()
    expect(page.locator("#latest-posts-table")).to_be_visible()
    expect(page.locator("#chart-post-scores svg")).to_have_count(1)  # the demo's posts have text
    assert serious_violations(page) == []
