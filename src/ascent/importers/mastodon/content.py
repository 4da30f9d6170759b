"""The text of a status: its HTML ``content`` as plain text, with what a reader sees with it.

Mastodon writes ``content`` as HTML: paragraphs, ``<br>``, mention and hashtag links, and
long links cut into ``invisible``/``ellipsis`` spans whose text joined is the whole URL; so
dropping the tags and keeping every piece of text is exactly right.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

_BLANK_LINES = re.compile(r"\n{3,}")


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(html: str) -> str:
    """Tags dropped, entities decoded, one blank line between paragraphs."""
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return _BLANK_LINES.sub("\n\n", "".join(parser.parts)).strip()


def content_text(note: dict[str, Any]) -> str:
    """The note's text; ``contentMap``'s first language when ``content`` is missing."""
    html = note.get("content")
    if not isinstance(html, str):
        languages = note.get("contentMap")
        values = list(languages.values()) if isinstance(languages, dict) else []
        html = next((v for v in values if isinstance(v, str)), "")
    return html_text(html)


def poll_options(note: dict[str, Any]) -> list[str]:
    """The choices of a ``Question`` (``oneOf`` single choice, ``anyOf`` multiple)."""
    choices = note.get("oneOf") or note.get("anyOf") or []
    if not isinstance(choices, list):
        return []
    return [str(c["name"]) for c in choices if isinstance(c, dict) and c.get("name")]


def body_of(note: dict[str, Any]) -> str | None:
    """What a reader sees: the content warning (``summary``) first, the text, a poll's choices."""
    summary = note.get("summary")
    parts = [summary.strip() if isinstance(summary, str) else "", content_text(note)]
    parts.append("\n".join(f"- {option}" for option in poll_options(note)))
    return "\n\n".join(p for p in parts if p) or None
