"""``ascent import PATH… [--person WHO] [--team T] [--json]``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

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
    for line in report_lines(report):
        out.print(line)


def report_lines(report: ImportReport) -> list[Text]:
    """The report as lines of plain text: the import is committed, so this must not fail."""
    data = report.to_dict()
    owner = f" for {data['person']}" if data["person"] else ""
    lines = [plain(f"imported {f['path']} ({f['format']}){owner}") for f in data["files"]]
    counts = ", ".join(f"{k} {v:,}" for k, v in data["counts"].items()) or "nothing new"
    lines += [
        plain(f"added {data['added']:,}: {counts}"),
        plain(f"duplicates skipped: {data['duplicates']:,}"),
    ]
    if data["new_contacts"]:
        lines.append(plain(f"new contacts: {data['new_contacts']:,}"))
    lines += [
        plain(
            f"not imported: {n:,} records of owner {owner!r}, who matches no person "
            "(people come from their own imports: ascent import EXPORT --person NAME)"
        )
        for owner, n in data["unmatched_owners"].items()
    ]
    lines += [plain(f"note: {note['file']}: {note['message']}") for note in data["notes"]]
    if data["skipped"]:
        lines.append(plain(f"rows skipped: {len(data['skipped'])}"))
        lines += [
            plain(f"  {row['file']}:{row['line']}: {row['reason']}") for row in data["skipped"]
        ]
    return lines
