"""``ascent demo``: build the demo programme, import it, print the team overview."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ascent import bootstrap
from ascent.cli import people_cmd, users_cmd
from ascent.cli.common import out, parse_day, plain, print_json, state, user_errors
from ascent.cli.serve_cmd import HOST, PORT
from ascent.cli.serve_cmd import serve as serve_app
from ascent.service.demo import DemoResult, run_demo
from ascent.settings import default_data_dir


def demo_command(
    ctx: typer.Context,
    *,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Last day of the 26 demo weeks (default today).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Generator seed; same seed, same demo.")] = 2026,
    exports: Annotated[
        Path | None, typer.Option(help="Where to write the generated exports.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    serve: Annotated[
        bool, typer.Option("--serve", help="Then serve the web app on the demo (Ctrl+C stops).")
    ] = False,
    host: Annotated[str, typer.Option(help="With --serve: address to listen on.")] = HOST,
    port: Annotated[
        int, typer.Option(help="With --serve: port to listen on.", min=1, max=65535)
    ] = PORT,
) -> None:
    """Generate a dozen sellers' real-format exports over 26 weeks, import them, show them.

    Without --db (or ASCENT_DATABASE_URL) the demo uses a database of its own, rebuilt on
    every run, never your real data. --serve then serves the web app on it.
    """
    with user_errors(as_json=as_json):
        end = parse_day(as_of)
        folder = exports or default_data_dir() / "demo-exports"
        settings = bootstrap.demo_settings(state(ctx).db)
        with bootstrap.unit_of_work(settings, write=True) as uow:
            result = run_demo(uow, exports=folder, end=end, seed=seed)
        database = bootstrap.database(settings).url
    added = sum(sum(r.counts.values()) for r in result.imports)
    _show(result, database, added, as_json=as_json, serving=serve)
    if serve:
        serve_app(settings, host=host, port=port, as_json=as_json, today=lambda: end)


def _show(result: DemoResult, database: str, added: int, *, as_json: bool, serving: bool) -> None:
    if as_json:
        print_json(
            {
                "exports": str(result.exports),
                "database": database,
                "added": added,
                "people": [p.to_dict() for p in result.people],
                "logins": [u.to_dict() for u in result.logins],
            }
        )
        return
    out.print(plain(f"demo exports written to {result.exports}"))
    out.print(plain(f"imported {added:,} records into {database}"))
    people_cmd.render(result.people)
    users_cmd.render(result.logins, title="Logins (password: demo for all)")
    if not serving:
        out.print(plain("open the web app with: ascent demo --serve"))
