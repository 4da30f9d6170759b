"""Stored XSS: names and texts an export carries are shown as text, never run, on every page
that shows them.

An Ascent CSV imported for Sam Steady, and for a person of Team North whose own name is a
script, carries contacts, accounts, notes and profile links that are HTML, a script and a
``javascript:`` URL. The seller and the lead open every page that shows them in Chromium: no
dialog opens, nothing is logged to the console (a script the policy blocked would be), no
element the payloads would make exists, and the text is on the page as it was written.
"""

from __future__ import annotations

import csv
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from browsing import log_in
from playwright.sync_api import Browser, Page
from sqlalchemy import select

from ascent.bootstrap import unit_of_work
from ascent.service.directory import ensure_person
from ascent.service.imports import import_paths
from ascent.store.models import Team
from ascent.web.app import create_app
from web_demo import DEMO_DAY, LEAD_NORTH, SELLER, build_demo, web_database

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = '"><script>alert(2)</script>'
LINK = "javascript:alert(3)"
#: a person of Team North whose name is a payload
HOSTILE_PERSON = "<svg onload=alert(4)>"
ROWS = [
    ("2026-11-20T09:00", "message_out", IMG, LINK, SCRIPT, "", SCRIPT, "x1"),
    ("2026-11-21T09:00", "message_in", IMG, LINK, SCRIPT, "", IMG, "x2"),
    ("2026-11-24T09:00", "meeting", SCRIPT, "", IMG, "", LINK, "x3"),
    ("2026-11-26T09:00", "deal_won", SCRIPT, "", IMG, "5000", SCRIPT, "x4"),
]
COLUMNS = ("date", "kind", "contact", "contact_url", "account", "amount", "note", "id")


def _hostile_csv(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(ROWS)
    return path


@pytest.fixture(scope="module")
def xss_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, int]]]:
    """A demo of its own with the hostile rows imported; the base URL and the ids to visit."""
    tmp = tmp_path_factory.mktemp("xss")
    settings = build_demo(web_database(tmp, "xss"), tmp / "exports")
    export = _hostile_csv(tmp / "hostile.csv")
    with unit_of_work(settings, write=True) as uow:
        hostile = ensure_person(uow, HOSTILE_PERSON, team="Team North").id
        uow.commit()
        import_paths(uow, paths=[export], person=SELLER)
        import_paths(uow, paths=[export], person=hostile)
        team = uow.session.scalar(select(Team.id).where(Team.name == "Team North"))
        ids = {"hostile": hostile, "team": int(team or 0)}
        uow.commit()
    app = create_app(settings, secret="xss-test-secret", today=lambda: DEMO_DAY)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        assert thread.is_alive(), "the test server did not start"
        threading.Event().wait(0.05)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}", ids
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


class Fired:
    """What a payload would do if it ran: a dialog, a console message (a script the content
    security policy refused logs one), an uncaught error."""

    def __init__(self, page: Page) -> None:
        self.seen: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda m: self.seen.append(f"console {m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.seen.append(f"page error: {e}"))

    def _dialog(self, dialog: object) -> None:
        self.seen.append(f"dialog: {dialog.message}")  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]


def _check(page: Page, path: str, fired: Fired, *, shows: list[str]) -> None:
    response = page.goto(path)
    assert response is not None
    assert response.status == 200, (path, response.status)
    page.wait_for_load_state("networkidle")
    _inspect(page, path, fired, shows=shows)


def _inspect(page: Page, path: str, fired: Fired, *, shows: list[str]) -> None:
    made = page.evaluate(
        """() => ({
            img: document.querySelectorAll('img[src="x"]').length,
            svg: document.querySelectorAll('svg[onload]').length,
            scripts: [...document.scripts].filter(
                s => !s.type.includes('json') && s.text.includes('alert(')).length,
            links: document.querySelectorAll('a[href^="javascript:" i]').length,
            handlers: document.querySelectorAll('[onerror],[onload]').length,
        })"""
    )
    assert made == {"img": 0, "svg": 0, "scripts": 0, "links": 0, "handlers": 0}, path
    text = page.locator("body").inner_text()
    for payload in shows:
        assert payload in text, (path, payload)
    assert fired.seen == [], (path, fired.seen)


def test_the_sellers_pages_show_the_payloads_as_text(
    browser: Browser, xss_server: tuple[str, dict[str, int]]
) -> None:
    base, ids = xss_server
    context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    fired = Fired(page)
    log_in(page, SELLER)
    sam = page.url.rstrip("/").rsplit("/", 1)[-1]
    team = ids["team"]
    _check(page, f"/seller/{sam}", fired, shows=[])
    _check(page, f"/person/{sam}", fired, shows=[])
    _check(page, f"/person/{sam}/pursuits", fired, shows=[IMG, SCRIPT])
    _check(page, f"/person/{sam}/pursuits?q=script", fired, shows=[SCRIPT])
    _check(page, f"/team/{team}/market", fired, shows=[])
    _check(page, f"/team/{team}/strategy", fired, shows=[])
    _check(page, "/imports", fired, shows=[])
    _check(page, "/coach", fired, shows=[])
    draft = f"{IMG} {SCRIPT} {LINK}"
    page.locator("#draft").fill(draft)
    page.get_by_role("button", name="Score the draft").click()
    page.wait_for_load_state("networkidle")
    _inspect(page, "/coach (a draft reviewed)", fired, shows=[])
    assert page.locator("#draft").input_value() == draft
    context.close()


def test_the_leads_pages_show_the_payloads_as_text(
    browser: Browser, xss_server: tuple[str, dict[str, int]]
) -> None:
    base, ids = xss_server
    context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    fired = Fired(page)
    log_in(page, LEAD_NORTH)
    team, hostile = ids["team"], ids["hostile"]
    _check(page, f"/team/{team}", fired, shows=[HOSTILE_PERSON])
    _check(page, f"/person/{hostile}", fired, shows=[HOSTILE_PERSON])
    _check(page, f"/person/{hostile}/pursuits", fired, shows=[IMG, SCRIPT])
    _check(page, f"/seller/{hostile}", fired, shows=[HOSTILE_PERSON])
    _check(page, f"/team/{team}/results", fired, shows=[])
    _check(page, f"/team/{team}/report", fired, shows=[HOSTILE_PERSON])
    _check(page, "/digest", fired, shows=[])
    context.close()
