"""``ascent link URL --post POST [--source S] [--medium M] [--campaign C] [--json]``.

Prints the link to put in a post: ``URL`` with UTM parameters, ``utm_content`` = the post
(``ascent.service.links``): that is how a visit is tied to the post that brought it.
No database.
"""

from __future__ import annotations

from typing import Annotated

import typer

from ascent.cli.common import out, plain, print_json, user_errors
from ascent.service.links import link_for_post


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
    with user_errors(as_json=as_json):
        link = link_for_post(url=url, post=post, source=source, medium=medium, campaign=campaign)
    if as_json:
        print_json(link.to_dict())
    else:
        out.print(plain(link.url, limit=None), soft_wrap=True)
