"""``ascent people [--team T] [--as-of D] [--json]``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ascent.cli.common import out, parse_day, print_json, unit_of_work, user_errors
from ascent.domain.vocabulary import MODES
from ascent.service.people import PersonRow, list_people


def people_command(
    ctx: typer.Context,
    team: Annotated[str | None, typer.Option(help="Only this team.")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Day to report on.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """One row per person: activity by mode over the last 28 days, last activity."""
    with user_errors(), unit_of_work(ctx) as uow:
        rows = list_people(uow, as_of=parse_day(as_of), team=team)
    if as_json:
        print_json([r.to_dict() for r in rows])
    else:
        render(rows)


def render(rows: list[PersonRow]) -> None:
    table = Table(title="People — last 28 days", title_justify="left")
    table.add_column("person", no_wrap=True)
    table.add_column("team", no_wrap=True)
    for mode in MODES:
        table.add_column(mode, justify="right")
    table.add_column("outcomes", justify="right")
    table.add_column("last activity", no_wrap=True)
    for r in rows:
        table.add_row(
            r.person,
            r.team,
            *(str(r.counts[m]) for m in MODES),
            str(r.outcomes),
            r.last_activity.isoformat() if r.last_activity else "—",
        )
    out.print(table)
