"""``ascent import PATH… [--person WHO] [--team T] [--json]``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ascent.cli.common import err, out, plain, print_json, state, unit_of_work, user_errors
from ascent.service.imports import ImportReport, check_exports, import_paths


def import_command(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Export ZIPs, folders or files.")],
    person: Annotated[
        str | None, typer.Option(help="Whose export: e-mail or name (default: the owner).")
    ] = None,
    team: Annotated[str | None, typer.Option(help="Team to put a new person in.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable report.")] = False,
) -> None:
    """Import exports (format detected), idempotently, and print what was added."""
    with user_errors(as_json=as_json):
        limits = state(ctx).settings().limits
        check_exports(paths=paths, limits=limits)  # refused before waiting for the turn
    with user_errors(as_json=as_json), unit_of_work(ctx, write=True) as uow:
        progress = None if as_json or not err.is_terminal else _progress
        report = import_paths(
            uow,
            paths=paths,
            person=person,
            team=team,
            progress=progress,
            limits=limits,
        )
    if as_json:
        print_json(report.to_dict())
    else:
        render(report)


def _progress(label: str, n: int) -> None:
    err.print(plain(f"  {label}: {n:,} records read…"), end="\r")


def render(report: ImportReport) -> None:
    """The report as lines of plain text (never markup): the import is committed, so this
    must not fail."""
    for line in report.lines():
        out.print(plain(line))
