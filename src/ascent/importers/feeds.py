"""RSS and Atom feeds: the entries of one feed document, parsed by ``feedparser`` from bytes.

Pure: it is given the bytes (``feed_source.read_feed`` fetched them) and never lets
feedparser fetch anything itself (a string would be taken for a URL). An entry's key is its
``id``, else its link, else its title (``source_digest`` of the one used), so a feed that
re-orders or re-sends entries adds nothing twice. Its time is ``published``, else
``updated``, else the time the feed was read (a feed that dates nothing is dated when seen).
Its text is the summary or content without markup, cut at ``TEXT_CHARS``.
"""

from __future__ import annotations

import calendar
import html
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from typing import Any

from ascent.domain.records import source_digest
from ascent.errors import InputError

#: how much of an entry's text is kept: enough for its terms and questions, never a book
TEXT_CHARS = 4000
TITLE_CHARS = 500
LINK_CHARS = 2000
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry of a feed, as the store keeps it (``store.models.FeedItem``)."""

    digest: bytes
    published_at: datetime
    title: str | None
    text: str | None
    link: str | None

    @property
    def day(self) -> date:
        return self.published_at.date()


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    entries: tuple[FeedEntry, ...]


def parse_feed(data: bytes, *, source: str, seen_at: datetime) -> ParsedFeed:
    """The feed in ``data`` (RSS 0.9x/1.0/2.0 or Atom); ``InputError`` naming ``source``
    when it is no feed at all. A feed with a flaw but entries (feedparser's "bozo") is read."""
    import feedparser  # type: ignore[import-untyped]  # noqa: PLC0415 - on first use: ascent --help stays quick

    parsed: Any = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if parsed.bozo and not parsed.entries and not parsed.feed:
        raise InputError(source, f"not an RSS or Atom feed ({parsed.get('bozo_exception')})")
    if not parsed.get("version") and not parsed.entries:
        raise InputError(source, "not an RSS or Atom feed")
    entries: dict[bytes, FeedEntry] = {}
    for item in parsed.entries:
        entry = _entry(item, seen_at)
        if entry is not None:
            entries.setdefault(entry.digest, entry)
    title = _cut(plain_text(parsed.feed.get("title", "")), TITLE_CHARS)
    return ParsedFeed(title, tuple(entries.values()))


def _entry(item: Any, seen_at: datetime) -> FeedEntry | None:
    title = _cut(plain_text(item.get("title", "")), TITLE_CHARS)
    link = _cut(str(item.get("link") or "").strip(), LINK_CHARS)
    key = str(item.get("id") or "").strip() or link or title
    if not key:
        return None  # nothing to know it again by: it would be added at every fetch
    text = _cut(plain_text(_body(item)), TEXT_CHARS)
    return FeedEntry(
        source_digest("feed", key[:LINK_CHARS]), _when(item, seen_at), title, text, link
    )


def _body(item: Any) -> str:
    """The longest of the entry's content and summary (HTML or plain text)."""
    texts = [str(c.get("value", "")) for c in item.get("content", []) or []]
    texts.append(str(item.get("summary", "") or ""))
    return max(texts, key=len)


def _when(item: Any, seen_at: datetime) -> datetime:
    for field in ("published_parsed", "updated_parsed"):
        parsed = item.get(field)
        if parsed:
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
            except (OverflowError, ValueError, OSError):
                continue
    return seen_at


class _Text(HTMLParser):
    """The text of an HTML fragment: tags dropped, block ends kept as sentence breaks."""

    BLOCKS = frozenset({"p", "br", "div", "li", "h1", "h2", "h3", "h4", "tr", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def plain_text(fragment: str) -> str:
    """``fragment`` (HTML or plain text) as text: no markup, runs of blanks as one space,
    paragraph ends as one line break."""
    if "<" not in fragment:
        text = html.unescape(fragment)
    else:
        parser = _Text()
        parser.feed(fragment)
        parser.close()
        text = "".join(parser.parts)
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _cut(text: str, limit: int) -> str | None:
    text = text.strip()
    return (text[: limit - 1] + "…" if len(text) > limit else text) or None
