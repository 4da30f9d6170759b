"""``ascent backup`` and ``ascent restore``: the whole database to one file and back.

SQLite backs up with its online backup API (a consistent copy while others write),
PostgreSQL with ``pg_dump --format=custom`` / ``pg_restore`` (``service.backup``). Progress
goes to stderr; ``--json`` prints what was written: path, bytes, schema revision, engine.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ascent.cli.common import err, out, plain, print_json, state, user_errors
from ascent.service.backup import BackupView, back_up, restore

FileArgument = Annotated[Path, typer.Argument(help="The backup file.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


def backup_command(ctx: typer.Context, file: FileArgument, as_json: JsonOption = False) -> None:
    """Back up the whole database to FILE (SQLite: a database file; PostgreSQL: a pg_dump
    archive of the custom format)."""
    with user_errors(as_json=as_json):
        view = back_up(state(ctx).settings(), file, progress=_progress)
    _report(view, "backed up", as_json=as_json)


def restore_command(
    ctx: typer.Context,
    file: FileArgument,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a database that is not empty.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Restore FILE (a backup of the same engine) into an empty database, then bring its
    schema up to date; a damaged, truncated or foreign file is refused before any write."""
    with user_errors(as_json=as_json):
        view = restore(state(ctx).settings(), file, force=force, progress=_progress)
    _report(view, "restored", as_json=as_json)


def _report(view: BackupView, done: str, *, as_json: bool) -> None:
    if as_json:
        print_json(view.to_dict())
    else:
        out.print(plain(f"{done} {view.path}: {view.bytes:,} bytes, schema {view.revision}"))


def _progress(line: str) -> None:
    err.print(plain(line), soft_wrap=True)
