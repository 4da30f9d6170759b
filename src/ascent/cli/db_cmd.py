"""``ascent db upgrade|rebuild-rollups|refresh``: apply migrations (they are also applied on
first use), recompute the rollups, refresh the served snapshot."""

from __future__ import annotations

from typing import Annotated

import typer

from ascent import bootstrap
from ascent.cli.common import (
    err,
    out,
    parse_day,
    plain,
    print_json,
    state,
    unit_of_work,
    user_errors,
)
from ascent.service.people import refresh_snapshots
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


@db_app.command("refresh")
def refresh_command(
    ctx: typer.Context,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Day to keep the figures of (default today).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Recompute everyone's served figures (imports refresh only the people they touch)."""
    with user_errors(as_json=as_json):
        day = parse_day(as_of)
    with user_errors(as_json=as_json), unit_of_work(ctx, write=True) as uow:
        progress = None if as_json or not err.is_terminal else _progress
        people = refresh_snapshots(uow, as_of=day, progress=progress, committed=True)
        uow.commit()
    if as_json:
        print_json({"as_of": day.isoformat(), "people": people})
    else:
        out.print(plain(f"refreshed the figures of {people:,} people as of {day}"))


def _progress(done: int, total: int) -> None:
    err.print(plain(f"  {done:,} of {total:,} people measured…"), end="\r")
