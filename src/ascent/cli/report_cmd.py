"""``ascent report [--team T] [--from D] [--to D] -o report.html|report.pdf [--json]``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ascent.cli.common import out, parse_day, plain, print_json, unit_of_work, user_errors
from ascent.service.report import first_of_range, programme_report
from ascent.web.report import output_kind, write_report


def report_command(  # noqa: PLR0917 - one argument per option
    ctx: typer.Context,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The file to write: .html, or .pdf (Chromium).")
    ],
    team: Annotated[
        str | None, typer.Option(help="The team (default: the org's only team).")
    ] = None,
    first: Annotated[
        str | None,
        typer.Option("--from", help="First day of the report (default: 12 weeks before --to)."),
    ] = None,
    last: Annotated[
        str | None,
        typer.Option(
            "--to",
            "--as-of",
            help="Last day, the day the measures are as of (default: today).",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Also print the report's data as JSON.")
    ] = False,
) -> None:
    """The programme report of a team as one printable HTML file (or PDF): phases over time,
    habits, pursuits, attribution, uplift, replication, market, who needs a conversation."""
    with user_errors(as_json=as_json):
        output_kind(output)
        to_day = parse_day(last, "--to")
        from_day = parse_day(first, "--from") if first else first_of_range(to_day)
        with unit_of_work(ctx) as uow:
            report = programme_report(uow, team=team, first=from_day, last=to_day)
        written = write_report(report, output)
    if as_json:
        print_json(report.to_dict() | {"output": str(written)})
    else:
        out.print(plain(f"wrote {written} ({report.team}, {from_day} to {to_day})"))
