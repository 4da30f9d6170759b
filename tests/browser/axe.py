"""Accessibility checks with axe-core (vendored with the app's assets), run in the page."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

AXE_URL = "/static/vendor/axe-core/axe.min.js"
#: the impacts that fail a test (axe's scale: minor, moderate, serious, critical)
FAILING = ("serious", "critical")


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line each."""
    page.add_script_tag(url=AXE_URL)  # served by the app: the page allows no inline script
    result: dict[str, Any] = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in FAILING
    ]
