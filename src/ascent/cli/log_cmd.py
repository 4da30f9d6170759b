"""``ascent log pause``: record what no export has (touches and outcomes go in Ascent CSV)."""

from __future__ import annotations

from typing import Annotated

import typer

from ascent.cli.common import out, parse_day, plain, print_json, unit_of_work, user_errors
from ascent.service.pauses import log_pause

log_app = typer.Typer(help="Record what no export has.", no_args_is_help=True)


@log_app.command("pause")
def pause_command(
    ctx: typer.Context,
    person: Annotated[str, typer.Option(help="Whose pause: e-mail or name.")],
    first: Annotated[str, typer.Option("--from", help="First day of the pause (YYYY-MM-DD).")],
    last: Annotated[str, typer.Option("--to", help="Last day of the pause (YYYY-MM-DD).")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """A holiday or leave: habit strength does not decay over these days."""
    with user_errors(as_json=as_json), unit_of_work(ctx, write=True) as uow:
        pause = log_pause(
            uow, person=person, first=parse_day(first, "--from"), last=parse_day(last, "--to")
        )
    if as_json:
        print_json(pause.to_dict())
    else:
        out.print(plain(f"pause recorded for {person}: {pause.first} to {pause.last}"))
