"""Browser fixtures: the demo app served by uvicorn on a free loopback port, and Debian's
Chromium driven by Playwright (no browser is downloaded).

Every page a test opens is watched: a console error, a failed request or a request to any
other host fails the test when it ends. The browser suite has a demo of its own (it writes:
uploads, a coffee, a strategy), built once per session.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from browsing import Watch
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from ascent.web.app import create_app
from web_demo import DEMO_DAY, demo_database

CHROMIUM = Path("/usr/bin/chromium")
#: flags that keep Chromium from calling home on a machine with no internet
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of the demo app, served for the whole session."""
    tmp = tmp_path_factory.mktemp("browser-demo")
    settings = demo_database(tmp, "browser")
    app = create_app(settings, secret="browser-test-secret", today=lambda: DEMO_DAY)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    uvicorn_server = uvicorn.Server(config)
    thread = threading.Thread(target=uvicorn_server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not uvicorn_server.started:
        if not thread.is_alive():
            raise RuntimeError("the test server did not start")
        threading.Event().wait(0.05)
    yield f"http://127.0.0.1:{port}"
    uvicorn_server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def watch(server: str) -> Watch:
    return Watch(server)


@pytest.fixture
def page(browser: Browser, server: str, watch: Watch) -> Iterator[Page]:
    """A fresh browser context's page, watched (see ``Watch``); 1280×900, like a laptop."""
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("console", watch.console)
    page.on("pageerror", lambda error: watch.problems.append(f"page error: {error}"))
    page.on("requestfailed", watch.failed)
    page.on("request", watch.request)
    yield page
    context.close()
    assert watch.problems == []
