"""On a phone the pages fit the screen's width (wide tables scroll in their own box); with a
keyboard alone one can skip to the content and log in."""

from __future__ import annotations

import re

import pytest
from browsing import log_in
from playwright.sync_api import Browser, Page, expect

from web_demo import LEAD_NORTH, PASSWORD, SELLER

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("who", [SELLER, LEAD_NORTH])
def test_the_homes_fit_a_phone(browser: Browser, server: str, who: str) -> None:
    context = browser.new_context(base_url=server, viewport=PHONE, is_mobile=True)
    page = context.new_page()
    log_in(page, who)
    for path in [page.url, *_menu(page)]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (path, width)
    context.close()


def test_a_keyboard_alone_logs_in_and_skips_to_the_content(page: Page) -> None:
    page.goto("/login")
    expect(page.locator(":focus")).to_have_attribute("id", "email")  # the form has the focus
    page.keyboard.type(SELLER)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/seller/\d+$"))
    page.wait_for_load_state("networkidle")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to the content")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/seller/\d+#main$"))
    page.keyboard.press("Tab")  # the first thing to use inside the content: a plan's "done"
    expect(page.locator(":focus")).to_have_accessible_name(re.compile(r"^Done: touched "))


def _menu(page: Page) -> list[str]:
    links = page.get_by_role("navigation", name="Main").get_by_role("link").all()
    return [href for link in links if (href := link.get_attribute("href")) and href != "/"]
