"""``ascent link URL --post POST [--source S] [--medium M] [--campaign C] [--json]``.

Prints the link to put in a post: ``URL`` with UTM parameters (``ascent.domain.traffic.
tag_link``), ``utm_content`` = the post. Web analytics keep ``utm_content`` (GA4 ``Session
manual ad content``, Plausible ``utm_content``), and the web importers carry it into each
visit's ``content``: that is how a visit is tied to the post that brought it. No database.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import parse_qsl, unquote, urlsplit

import typer

from ascent.cli.common import out, plain, print_json, user_errors
from ascent.domain.traffic import UTM_PARAMETERS, tag_link
from ascent.errors import ConfigError

#: a LinkedIn post id inside whatever the user pasted (the id itself or the post's URL)
LINKEDIN_POST = re.compile(r"urn:li:(?:activity|share|ugcPost):\d+", re.IGNORECASE)


def link_command(
    url: Annotated[str, typer.Argument(help="The page to share (https://…).")],
    *,
    post: Annotated[
        str,
        typer.Option(
            help="The post the link goes in: a LinkedIn urn:li:activity:… id (or the post's "
            "URL), or your own slug. Becomes utm_content."
        ),
    ],
    source: Annotated[str, typer.Option(help="utm_source: where it is shared.")] = "linkedin",
    medium: Annotated[str, typer.Option(help="utm_medium.")] = "social",
    campaign: Annotated[
        str | None, typer.Option(help="utm_campaign (default: none, the post is enough).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Print the UTM-tagged link to share in a post, so visits are tied to that post."""
    with user_errors():
        tagged = build_link(url, post=post, source=source, medium=medium, campaign=campaign)
    if as_json:
        print_json({"url": tagged, "utm": utm_of(tagged)})
    else:
        out.print(plain(tagged, limit=None), soft_wrap=True)


def post_id(post: str) -> str:
    """The post's id: a LinkedIn ``urn:li:…`` found in what was pasted, else the text."""
    text = unquote(post).strip()
    found = LINKEDIN_POST.search(text)
    if found:
        return found.group(0)
    if not text:
        raise ConfigError("--post is empty: give the post's id or a slug")
    return text


def build_link(url: str, *, post: str, source: str, medium: str, campaign: str | None) -> str:
    """``url`` tagged for one post; ``ConfigError`` for a URL that is not a web address."""
    content = post_id(post)
    try:
        return tag_link(url, source=source, medium=medium, campaign=campaign, content=content)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


def utm_of(url: str) -> dict[str, str]:
    """The UTM parameters the link carries, as the analytics tool will read them."""
    query = parse_qsl(urlsplit(url).query, keep_blank_values=True)
    return {k: v for k, v in query if k in UTM_PARAMETERS}
