"""Following feeds: from local files and from a loopback HTTP server started here (ETag and
Last-Modified sent back, 304 adds nothing), a failing feed reported while the others are
read, and the bounds (size, timeout, schemes)."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from sqlalchemy import Engine, select

from ascent.bootstrap import scoped_unit_of_work
from ascent.errors import ConfigError, NotFound
from ascent.service.market import add_feed, fetch_feeds, list_feeds
from ascent.store.models import FeedItem

FEEDS = Path(__file__).parents[1] / "fixtures" / "feeds"
RSS = FEEDS / "buyers-forum.rss.xml"
ATOM = FEEDS / "vendor-notes.atom.xml"
NOW = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
ETAG = '"forum-v1"'
MODIFIED = "Sun, 29 Nov 2026 09:00:00 GMT"


class Feeds(BaseHTTPRequestHandler):
    """``/forum.rss``: the RSS fixture with validators, 304 when they come back; ``/broken``:
    HTTP 500; ``/slow``: answers after 2 s; ``/big``: 2,000 bytes."""

    seen: ClassVar[list[tuple[str, str | None, str | None]]] = []

    def do_GET(self) -> None:
        Feeds.seen.append(
            (self.path, self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since"))
        )
        if self.path == "/forum.rss":
            if self.headers.get("If-None-Match") == ETAG:
                self.send_response(304)
                self.send_header("ETag", ETAG)
                self.end_headers()
                return
            self._send(RSS.read_bytes(), ETag=ETAG, **{"Last-Modified": MODIFIED})
        elif self.path == "/slow":
            time.sleep(2)
            self._send(RSS.read_bytes())
        elif self.path == "/big":
            self._send(b"<rss>" + b" " * 1995)
        else:
            self.send_error(500, "Internal Server Error")

    def _send(self, body: bytes, **headers: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test reads ``seen`` instead."""


@pytest.fixture
def server() -> Iterator[str]:
    Feeds.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Feeds)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def refused_url() -> str:
    """A loopback port nothing listens on (bound, then closed)."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Feeds)
    port = httpd.server_address[1]
    httpd.server_close()
    return f"http://127.0.0.1:{port}/gone.rss"


def _fetch(engine: Engine, **options: float) -> dict[str, object]:
    with scoped_unit_of_work(engine, write=True) as uow:
        return fetch_feeds(uow, now=NOW, **options).to_dict()  # type: ignore[arg-type]


def _add(engine: Engine, *urls: str) -> list[int]:
    with scoped_unit_of_work(engine, write=True) as uow:
        return [add_feed(uow, url=u, now=NOW).feed_id for u in urls]


def _items(engine: Engine) -> list[tuple[int, date, str | None, str | None]]:
    with scoped_unit_of_work(engine) as uow:
        rows = uow.session.execute(
            select(FeedItem.feed_id, FeedItem.day, FeedItem.title, FeedItem.lang).order_by(
                FeedItem.feed_id, FeedItem.day
            )
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_files_are_read_once_and_a_second_fetch_adds_nothing(engine: Engine) -> None:
    rss, atom = _add(engine, str(RSS), str(ATOM))
    first = _fetch(engine)
    assert first == {
        "feeds": [
            {"feed_id": rss, "url": str(RSS), "status": "fetched", "added": 4, "error": None},
            {"feed_id": atom, "url": str(ATOM), "status": "fetched", "added": 3, "error": None},
        ],
        "fetched": 2,
        "not_modified": 0,
        "failed": 0,
        "added": 7,
    }
    # the entries by day: RSS pubDate, Atom published (or updated when nothing is published);
    # titles without markup; language detected per entry
    assert _items(engine) == [
        (rss, date(2026, 11, 20), "Pricing pages buyers trust", "en"),
        (rss, date(2026, 11, 25), "Comparing pricing tiers", "en"),
        (rss, date(2026, 11, 27), "Onboarding checklist templates", "en"),
        (rss, date(2026, 11, 29), "How do we shorten customer onboarding?", "en"),
        (atom, date(2026, 11, 18), "Customer onboarding in regulated industries", "en"),
        (atom, date(2026, 11, 26), "Wie verkürzen wir das Onboarding für neue Kunden?", "de"),
        (atom, date(2026, 11, 28), "Security reviews slow procurement", "en"),
    ]
    second = _fetch(engine)
    assert [f["added"] for f in second["feeds"]] == [0, 0]  # type: ignore[index]
    assert second["added"] == 0
    assert len(_items(engine)) == 7


def test_entry_text_is_kept_without_markup(engine: Engine) -> None:
    _add(engine, str(RSS))
    _fetch(engine)
    with scoped_unit_of_work(engine) as uow:
        text = uow.session.scalar(select(FeedItem.text).where(FeedItem.day == date(2026, 11, 29)))
    assert (
        text == "Customer onboarding takes six weeks for us.\nIs an onboarding checklist worth it?"
    )


def test_http_sends_the_validators_back_and_a_304_adds_nothing(engine: Engine, server: str) -> None:
    (feed,) = _add(engine, f"{server}/forum.rss")
    assert _fetch(engine)["added"] == 4
    again = _fetch(engine)
    assert again["feeds"] == [
        {
            "feed_id": feed,
            "url": f"{server}/forum.rss",
            "status": "not_modified",
            "added": 0,
            "error": None,
        }
    ]
    assert (again["fetched"], again["not_modified"], again["failed"]) == (0, 1, 0)
    # the first request had nothing to send; the second sent the ETag and Last-Modified back
    assert Feeds.seen == [("/forum.rss", None, None), ("/forum.rss", ETAG, MODIFIED)]
    assert len(_items(engine)) == 4
    with scoped_unit_of_work(engine) as uow:
        (view,) = list_feeds(uow).feeds
    assert (view.title, view.items, view.last_error) == ("Fictional Buyers Forum", 4, None)
    assert view.fetched_at == NOW


def test_a_failing_feed_is_reported_and_the_others_are_read(engine: Engine, server: str) -> None:
    gone = refused_url()
    ids = _add(engine, f"{server}/broken", gone, str(RSS), f"{server}/forum.rss")
    report = _fetch(engine)
    assert [(f["status"], f["added"], f["error"]) for f in report["feeds"]] == [  # type: ignore[index]
        ("failed", 0, "HTTP 500 Internal Server Error"),
        ("failed", 0, "cannot connect: [Errno 111] Connection refused"),
        ("fetched", 4, None),
        ("fetched", 4, None),
    ]
    assert (report["fetched"], report["failed"], report["added"]) == (2, 2, 8)
    with scoped_unit_of_work(engine) as uow:
        feeds = list_feeds(uow).feeds
    assert [(f.feed_id, f.last_error, f.fetched_at) for f in feeds] == [
        (ids[0], "HTTP 500 Internal Server Error", None),
        (ids[1], "cannot connect: [Errno 111] Connection refused", None),
        (ids[2], None, NOW),
        (ids[3], None, NOW),
    ]


def test_reads_are_bounded_in_time_and_size(engine: Engine, server: str, tmp_path: Path) -> None:
    big_file = tmp_path / "big.xml"
    big_file.write_bytes(b"<rss>" + b" " * 1995)
    _add(engine, f"{server}/slow", f"{server}/big", str(big_file))
    report = _fetch(engine, timeout=0.5, max_bytes=1000)
    assert [f["error"] for f in report["feeds"]] == [  # type: ignore[index]
        "cannot read: timed out",
        "larger than 1000 bytes",
        "larger than 1000 bytes",
    ]


def test_what_is_no_feed_is_reported(engine: Engine, tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("just some text, no feed", encoding="utf-8")
    _add(engine, str(page))
    (result,) = _fetch(engine)["feeds"]  # type: ignore[misc]
    assert result["status"] == "failed"
    assert result["error"].startswith(f"{page}: not an RSS or Atom feed")


def test_adding_a_feed_twice_changes_nothing_and_files_are_kept_absolute(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FEEDS)
    with scoped_unit_of_work(engine, write=True) as uow:
        first = add_feed(uow, url="buyers-forum.rss.xml", now=NOW)
    with scoped_unit_of_work(engine, write=True) as uow:
        again = add_feed(uow, url=f"file://{RSS}", now=NOW)
    assert (first.url, first.added) == (str(RSS), True)
    assert (again.feed_id, again.added) == (first.feed_id, False)


@pytest.mark.parametrize(
    ("url", "error", "message"),
    [
        ("ftp://files.example.com/feed.xml", ConfigError, "only http(s) URLs and local files"),
        ("javascript:alert(1)", ConfigError, "only http(s) URLs and local files"),
        ("http:///no-host", ConfigError, "no host in the URL"),
        ("  ", ConfigError, "give a feed's http(s) URL or a local file"),
        ("/no/such/feed.xml", NotFound, "no file '/no/such/feed.xml'"),
    ],
)
def test_only_web_urls_and_existing_files_are_followed(
    engine: Engine, url: str, error: type[Exception], message: str
) -> None:
    with (
        scoped_unit_of_work(engine, write=True) as uow,
        pytest.raises(error, match=re.escape(message)),
    ):
        add_feed(uow, url=url, now=NOW)
