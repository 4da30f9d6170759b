"""What the browser tests share: watching a page for what goes wrong, and logging in."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import ConsoleMessage, Page, Request, expect

from web_demo import PASSWORD


class Watch:
    """What went wrong on a page: console errors, failed requests, requests to other hosts."""

    def __init__(self, base: str) -> None:
        self.host = urlsplit(base).netloc
        self.problems: list[str] = []
        self.allowed: set[int] = set()

    def allow(self, status: int) -> None:
        """A test that provokes an error answer (a wrong password, a bad file) says so."""
        self.allowed.add(status)

    def console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        expected = (f"status of {status} " for status in self.allowed)
        if message.text.startswith("Failed to load resource") and any(
            e in message.text for e in expected
        ):
            return
        self.problems.append(f"console error: {message.text}")

    def failed(self, request: Request) -> None:
        self.problems.append(f"request failed: {request.method} {request.url} {request.failure}")

    def request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != self.host:
            self.problems.append(f"request to another host: {request.url}")


def log_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.wait_for_load_state("networkidle")  # the home's charts, before a test moves on
