"""Where a feed's bytes come from: an ``http(s)`` URL, with HTTP caching, or a local file.

An HTTP read sends the validators of the last successful read (``If-None-Match`` with the
ETag, ``If-Modified-Since`` with the Last-Modified date) and takes ``304 Not Modified`` as
"no change". Every read is bounded: ``timeout`` seconds to connect and for each read, and at
most ``max_bytes`` of body (a bigger feed is refused, not cut). Only ``http`` and ``https``
are followed, redirects included; any other scheme is refused. Whatever goes wrong becomes a
``FeedUnreadable`` whose message is one line saying why.
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ascent.errors import AscentError, one_line

#: seconds to connect and to wait for each read of an HTTP feed
TIMEOUT = 10.0
#: the largest feed read (5 MiB): real feeds are a few hundred kilobytes
MAX_BYTES = 5 * 1024 * 1024
WEB_SCHEMES = ("http://", "https://")
USER_AGENT = "Ascent market listening (feed reader)"


class FeedUnreadable(AscentError):
    """A feed could not be read (network, HTTP status, size, file); the message says why."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """What one read gave: the body (None when the server said 304 Not Modified) and the
    validators to send next time."""

    body: bytes | None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.body is None


def is_web(url: str) -> bool:
    return url.lower().startswith(WEB_SCHEMES)


def read_feed(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    timeout: float = TIMEOUT,
    max_bytes: int = MAX_BYTES,
) -> Fetched:
    """The bytes of the feed at ``url`` (an http(s) URL or a local file's path)."""
    if is_web(url):
        return _read_web(url, etag, last_modified, timeout, max_bytes)
    return Fetched(_read_file(Path(url), max_bytes))


def _read_file(path: Path, max_bytes: int) -> bytes:
    try:
        with path.open("rb") as stream:
            return _bounded(stream, max_bytes)
    except OSError as exc:
        raise FeedUnreadable(f"cannot read the file: {exc.strerror or exc}") from None


class _WebOnly(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to another http(s) URL (never ``ftp:`` or ``file:``)."""

    def redirect_request(  # noqa: PLR0917 - urllib's signature
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if not is_web(newurl):
            raise FeedUnreadable(f"redirected to a URL that is not http(s): {one_line(newurl)}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    # no FileHandler, FTPHandler or DataHandler: a web feed cannot turn into a local read
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        _WebOnly(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def _read_web(
    url: str, etag: str | None, last_modified: str | None, timeout: float, max_bytes: int
) -> Fetched:
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - http(s) only, above
    try:
        with _opener().open(request, timeout=timeout) as response:
            body = _bounded(response, max_bytes)
            return Fetched(
                body, response.headers.get("ETag"), response.headers.get("Last-Modified")
            )
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(None, exc.headers.get("ETag") or etag, last_modified)
        raise FeedUnreadable(f"HTTP {exc.code} {one_line(str(exc.reason))}") from None
    except urllib.error.URLError as exc:
        raise FeedUnreadable(f"cannot connect: {one_line(str(exc.reason))}") from None
    except (TimeoutError, OSError, ValueError, http.client.HTTPException) as exc:
        raise FeedUnreadable(f"cannot read: {one_line(str(exc)) or type(exc).__name__}") from None


def _bounded(stream: IO[bytes], max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FeedUnreadable(f"larger than {max_bytes} bytes")
    return data
