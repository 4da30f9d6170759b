"""``ascent demo``: build the demo programme, import it, print the team overview."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ascent.cli import people_cmd
from ascent.cli.common import (
    State,
    open_store,
    out,
    parse_day,
    plain,
    print_json,
    state,
    user_errors,
)
from ascent.service.demo import run_demo
from ascent.settings import Settings, default_data_dir
from ascent.store.scope import UnitOfWork

DEMO_DB = "demo.db"


def demo_command(
    ctx: typer.Context,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Last day of the 26 demo weeks (default today).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Generator seed; same seed, same demo.")] = 2026,
    exports: Annotated[
        Path | None, typer.Option(help="Where to write the generated exports.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Generate a dozen sellers' real-format exports over 26 weeks, import them, show them.

    Without --db (or ASCENT_DATABASE_URL) the demo uses a database of its own, rebuilt on
    every run, never your real data.
    """
    with user_errors(as_json=as_json):
        end = parse_day(as_of)
        folder = exports or default_data_dir() / "demo-exports"
        engine = open_store(_demo_settings(state(ctx)))
        try:
            with UnitOfWork(engine) as uow:
                result = run_demo(uow, exports=folder, end=end, seed=seed)
        finally:
            engine.dispose()
    added = sum(sum(r.counts.values()) for r in result.imports)
    if as_json:
        print_json(
            {
                "exports": str(result.exports),
                "database": engine.url.render_as_string(),
                "added": added,
                "people": [p.to_dict() for p in result.people],
            }
        )
        return
    out.print(plain(f"demo exports written to {result.exports}"))
    out.print(plain(f"imported {added:,} records into {engine.url.render_as_string()}"))
    people_cmd.render(result.people)


def _demo_settings(st: State) -> Settings:
    settings = st.settings(default_name=DEMO_DB)
    if not settings.explicit_database:
        _remove_sqlite(Path(settings.database_url.removeprefix("sqlite:///")))
    return settings


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
