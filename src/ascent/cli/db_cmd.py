"""``ascent db upgrade``: apply migrations (they are also applied on first use)."""

from __future__ import annotations

from typing import Annotated

import typer

from ascent import bootstrap
from ascent.cli.common import out, plain, print_json, state, unit_of_work, user_errors
from ascent.service.rollups import rebuild_rollups

db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Bring the database schema to the newest revision."""
    with user_errors(as_json=as_json):
        data = bootstrap.upgrade_store(state(ctx).settings()).to_dict()
    if as_json:
        print_json(data)
    else:
        out.print(plain(f"{data['database']} is up to date"))


@db_app.command("rebuild-rollups")
def rebuild_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Recompute the daily and pursuit rollups from the raw activities."""
    with user_errors(as_json=as_json), unit_of_work(ctx, write=True) as uow:
        counts = rebuild_rollups(uow)
    if as_json:
        print_json(counts)
    else:
        out.print(
            plain(
                f"rebuilt {counts['activity_days']:,} daily and {counts['contact_days']:,} "
                "pursuit rollup rows"
            )
        )
