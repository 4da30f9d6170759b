"""``ascent pursuits [--person WHO] [--due]``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ascent.cli.common import out, parse_day, plain, print_json, unit_of_work, user_errors
from ascent.service.pursuits import PursuitRow, pursuit_rows


def pursuits_command(
    ctx: typer.Context,
    person: Annotated[str | None, typer.Option(help="Only this person's pursuits.")] = None,
    due: Annotated[
        bool, typer.Option("--due", help="Only pursuits whose next touch is due.")
    ] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Day to report on.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Pursuits: touches, answer, status, flags and when the next touch is due."""
    with user_errors(as_json=as_json), unit_of_work(ctx) as uow:
        rows = pursuit_rows(uow, as_of=parse_day(as_of), person=person, due_only=due)
    if as_json:
        print_json([r.to_dict() for r in rows])
    else:
        render(rows)


def render(rows: list[PursuitRow]) -> None:
    table = Table(title=f"Pursuits ({len(rows)})", title_justify="left")
    for column in (
        "person",
        "contact",
        "account",
        "touches",
        "answered",
        "status",
        "flags",
        "last touch",
        "next touch due",
    ):
        table.add_column(column, no_wrap=column in {"last touch", "next touch due"})
    for r in rows:
        d = r.to_dict()
        table.add_row(
            plain(d["person"]),
            plain(d["contact"] or "—"),
            plain(d["account"] or "—"),
            str(d["touches"]),
            "yes" if d["answered"] else "no",
            d["status"],
            ", ".join(d["flags"]),
            d["last_touch"],
            d["next_touch_due"] or "—",
        )
    out.print(table)
