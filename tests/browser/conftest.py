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
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
import uvicorn
from browsing import Watch
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from ascent.bootstrap import open_store
from ascent.service.job_queue import work
from ascent.settings import Settings
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
    # a spool of its own: the server and its import worker outlive each test's ASCENT_HOME
    settings = replace(demo_database(tmp, "browser"), spool_dir=tmp / "spool")
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
    with import_worker(settings):
        yield f"http://127.0.0.1:{port}"
    uvicorn_server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@contextmanager
def import_worker(settings: Settings) -> Iterator[None]:
    """On PostgreSQL uploads wait in procrastinate's queue for ``ascent worker``: one runs
    beside the server, in a thread, as long as it serves (SQLite: the server runs them)."""
    if not settings.database_url.startswith("postgresql"):
        yield
        return
    engine = open_store(settings)
    stop = threading.Event()
    worker = threading.Thread(
        target=work, args=(settings, engine), kwargs={"stop": stop}, daemon=True
    )
    worker.start()
    try:
        yield
    finally:
        stop.set()
        worker.join(timeout=30)
        engine.dispose()


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    """Playwright's sync API holds an event loop in the test thread while it runs: one per
    browser module, so that the modules after it on this worker run without one (the import
    worker's ``asyncio.run`` refuses a thread with a running loop)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
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
