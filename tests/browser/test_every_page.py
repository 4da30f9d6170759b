"""A seller and a lead of the demo programme visit every page in Chromium: nothing on any
page logs an error, fails to load, calls another host or has a serious accessibility fault.

The screenshots of the seller's and the lead's homes are written to ``docs/screenshots`` for
the README when ``ASCENT_SCREENSHOTS`` is set (``ASCENT_SCREENSHOTS=1 pytest tests/browser``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe import serious_violations
from browsing import Watch, log_in
from playwright.sync_api import Browser, Page, expect

from web_demo import LEAD_NORTH, SELLER

SCREENSHOTS = Path(__file__).parents[2] / "docs" / "screenshots"


def visit(page: Page, path: str) -> None:
    """Open ``path``, wait for its charts to be drawn, check it for accessibility."""
    response = page.goto(path)
    assert response is not None
    assert response.status == 200, (path, response.status)
    page.wait_for_load_state("networkidle")
    for area in page.locator(".chart-area").all():
        expect(area.locator("svg").first).to_be_attached()
    assert serious_violations(page) == [], path
    if folder := os.environ.get("ASCENT_SCREENSHOTS_ALL"):  # every page, to look at by eye
        name = path.strip("/").replace("/", "-") or "index"
        page.screenshot(path=Path(folder) / f"{name}.png", full_page=True)


def nav_paths(page: Page) -> list[str]:
    links = page.get_by_role("navigation", name="Main").get_by_role("link").all()
    return [href for link in links if (href := link.get_attribute("href")) and href != "/"]


def screenshot(page: Page, name: str) -> None:
    if os.environ.get("ASCENT_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


@pytest.mark.parametrize(("who", "home"), [(SELLER, r"/seller/\d+$"), (LEAD_NORTH, r"/team/\d+$")])
def test_every_page_of_the_menu_opens_cleanly(page: Page, who: str, home: str) -> None:
    log_in(page, who)
    expect(page).to_have_url(re.compile(home))
    visit(page, page.url)
    screenshot(page, "seller-home" if who == SELLER else "lead-home")
    paths = nav_paths(page)
    assert len(paths) >= 3, paths
    # and what the pages link outside the menu: the footer's digest, the lead home's report
    report = page.locator("main a[href*='/report']")
    report_path = report.get_attribute("href") if who == LEAD_NORTH else None
    digest_path = page.locator("footer a").get_attribute("href")
    assert digest_path == "/digest"
    for path in [*paths, digest_path]:
        visit(page, path)
    if report_path is not None:
        visit_report(page, report_path)


def visit_report(page: Page, path: str) -> None:
    """The programme report forbids every script (its own CSP: a printable file), axe's too:
    it is checked in a second tab of the same login whose CSP the browser ignores; its
    console is watched in tests/browser/test_report.py."""
    browser = page.context.browser
    assert browser is not None
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
    context = browser.new_context(bypass_csp=True, base_url=origin)
    try:
        context.add_cookies(page.context.cookies())  # type: ignore[arg-type]
        visit(context.new_page(), path)
    finally:
        context.close()


def test_a_lead_opens_each_persons_page(page: Page) -> None:
    log_in(page, LEAD_NORTH)
    people = [
        href
        for link in page.locator("main a[href^='/person/']").all()
        if (href := link.get_attribute("href"))
    ]
    assert len(set(people)) == 7  # Team North's seven sellers
    visit(page, people[0])
    visit(page, f"{people[0]}/pursuits")


def test_logging_in_works_without_javascript(browser: Browser, server: str) -> None:
    context = browser.new_context(base_url=server, java_script_enabled=False)
    page = context.new_page()
    log_in(page, SELLER)
    expect(page).to_have_url(re.compile(r"/seller/\d+$"))
    context.close()


def test_a_wrong_password_is_one_plain_sentence(page: Page, watch: Watch) -> None:
    watch.allow(401)
    page.goto("/login")
    page.get_by_label("E-mail").fill(SELLER)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_have_text("wrong e-mail or password")
    assert serious_violations(page) == []
