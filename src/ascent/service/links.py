"""The link to share in a post: tagged with UTM parameters so visits are tied to that post.

Web analytics keep ``utm_content`` (GA4 ``Session manual ad content``, Plausible
``utm_content``), and the web importers carry it into each visit's ``content``. No database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ascent.domain.traffic import post_id, tag_link, utm_of
from ascent.errors import ConfigError


@dataclass(frozen=True)
class LinkView:
    """A tagged link as ``ascent link`` shows it."""

    url: str
    utm: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "utm": self.utm}


def link_for_post(
    *,
    url: str,
    post: str,
    source: str = "linkedin",
    medium: str = "social",
    campaign: str | None = None,
) -> LinkView:
    """``url`` tagged for ``post`` (its id or URL, or a slug); ``ConfigError`` when the post
    is empty or the URL is not a web address."""
    content = post_id(post)
    if content is None:
        raise ConfigError("--post is empty: give the post's id or a slug")
    try:
        tagged = tag_link(url, source=source, medium=medium, campaign=campaign, content=content)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    return LinkView(url=tagged, utm=utm_of(tagged))
