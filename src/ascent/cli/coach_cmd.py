"""``ascent coach FILE|- [--json]``: the content coach's review of a draft post.

Reads the draft from a file or, with ``-``, from standard input (at most
``service.coach.MAX_DRAFT_BYTES``), and prints its score, every point of it with the words
that earned or cost it, and a first line rewritten toward the reader. No database.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from ascent.cli.common import out, plain, print_json, user_errors
from ascent.errors import InputError
from ascent.service.coach import MAX_DRAFT_BYTES, Review, coach_draft, draft_text


def coach_command(
    file: Annotated[
        str, typer.Argument(help="The draft post: a text file (UTF-8), or - for standard input.")
    ],
    *,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Score a draft post 0-100 for customer focus and show every point of the score."""
    with user_errors(as_json=as_json):
        review = coach_draft(draft_text(_read(file), source=file), source=file)
    if as_json:
        print_json(review.to_dict())
    else:
        render(review)


def _read(file: str) -> bytes:
    """At most ``MAX_DRAFT_BYTES`` of the file, or of standard input for ``-``."""
    if file == "-":
        return sys.stdin.buffer.read(MAX_DRAFT_BYTES)
    try:
        with open(file, "rb") as stream:
            return stream.read(MAX_DRAFT_BYTES)
    except OSError as exc:
        raise InputError(file, exc.strerror or "cannot be read") from None


def render(review: Review) -> None:
    out.print(Text.assemble("Customer focus: ", (f"{review.score}", "bold"), " of 100"))
    table = Table(title="Every point of the score", title_justify="left")
    for column in ("rule", "effect", "evidence"):
        table.add_column(column, justify="right" if column == "effect" else "left")
    for point in review.points:
        table.add_row(point.rule, f"{point.effect:+d}", plain(", ".join(point.evidence) or "—"))
    out.print(table)
    if review.suggested_first_line:
        out.print(Text.assemble("Try this first line: ", plain(review.suggested_first_line)))
    out.print(plain(f"(rules {review.version}; see docs/metrics.md, Content coach)"))
