"""``ascent person WHO``: one person's measures and weekly phase timeline; with
``--export FILE.zip`` everything Ascent holds about them, with ``--erase`` all of it removed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from ascent.cli.common import out, parse_day, plain, print_json, unit_of_work, user_errors
from ascent.service.erasure import erase_person
from ascent.service.people import PersonReport
from ascent.service.person import Phase, person_report, set_programme_start
from ascent.service.privacy import export_person, who_is

PHASE_STYLE: dict[str, str] = {
    Phase.NOT_STARTED: "dim",
    Phase.UNINFORMED_OPTIMISM: "cyan",
    Phase.INFORMED_PESSIMISM: "yellow",
    Phase.VALLEY_OF_DESPAIR: "red",
    Phase.INFORMED_OPTIMISM: "green",
    Phase.SUCCESS: "bold green",
    Phase.LAPSED: "dim red",
}


def person_command(  # noqa: PLR0917 - one argument per option
    ctx: typer.Context,
    who: Annotated[str, typer.Argument(help="E-mail or name.")],
    start: Annotated[
        str | None, typer.Option(help="Set the programme start (YYYY-MM-DD) first.")
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Day to report on.")] = None,
    export: Annotated[
        Path | None,
        typer.Option("--export", help="Write everything held about them to this ZIP (CSV + JSON)."),
    ] = None,
    erase: Annotated[
        bool, typer.Option("--erase", help="Remove them and everything theirs, for good.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Erase without asking to confirm.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """One person: phase and why, quit risk, jigsaw, habits and the weekly phase timeline."""
    if export is not None or erase:
        _their_data(ctx, who, export=export, erase=erase, yes=yes, as_json=as_json)
        return
    with user_errors(as_json=as_json), unit_of_work(ctx, write=start is not None) as uow:
        if start is not None:
            set_programme_start(uow, person=who, start=parse_day(start, "--start"))
        report = person_report(uow, person=who, as_of=parse_day(as_of))
    if as_json:
        print_json(report.to_dict(timeline=True))
    else:
        render(report)


def _their_data(
    ctx: typer.Context, who: str, *, export: Path | None, erase: bool, yes: bool, as_json: bool
) -> None:
    """``--export`` (first, when both are given: a copy before the erasure) and ``--erase``."""
    with user_errors(as_json=as_json):
        if export is not None:
            with unit_of_work(ctx) as uow:
                written = export_person(uow, person=who, path=export, at=datetime.now(UTC))
            if as_json:
                print_json(written.to_dict())
            else:
                total = sum(written.rows.values())
                out.print(plain(f"{written.person}: {total:,} rows written to {written.path}"))
        if not erase:
            return
        if not yes:
            with unit_of_work(ctx) as uow:
                named = who_is(uow, person=who)
            typer.confirm(f"Erase {named} and everything theirs? This cannot be undone", abort=True)
        with unit_of_work(ctx, write=True) as uow:
            erased = erase_person(uow, person=who)
    if as_json:
        print_json(erased.to_dict())
    else:
        gone = ", ".join(f"{n:,} {table}" for table, n in erased.removed.items() if n)
        out.print(plain(f"erased {erased.person}: {gone}"))


def render(report: PersonReport) -> None:
    data = report.to_dict(timeline=True)
    out.print(
        Text.assemble(
            plain(data["person"], style="bold"), plain(f" ({data['team']}) as of {data['as_of']}")
        )
    )
    out.print(
        Text.assemble("phase: ", phase_text(data["phase"]), f", quit risk {data['quit_risk']:.2f}")
    )
    out.print(plain(data["reason"]))
    out.print(plain(f"programme start: {data['programme_start'] or 'not yet'}"))
    pillars = "  ".join(f"{k} {v:.2f}" for k, v in data["pillars"].items())
    out.print(
        plain(
            f"jigsaw {data['jigsaw']:.0f} (additive {data['additive']:.0f}); "
            f"weakest: {data['weakest_pillar']}; {pillars}"
        )
    )
    habits = "  ".join(f"{k} {_bar(v)} {v:.2f}" for k, v in data["habit"].items())
    out.print(plain(f"habits: {habits}"))
    ratio = data["listen_push_ratio"]
    out.print(plain(f"listen/push: {'—' if ratio is None else f'{ratio:.2f}'} (goal ≥ 1)"))
    table = Table(title="Weekly phases", title_justify="left")
    for column in ("week", "phase", "quit risk", "effort", "consistency", "outcomes"):
        table.add_column(column)
    for week in data["timeline"]:
        table.add_row(
            week["week"],
            phase_text(week["phase"]),
            f"{week['quit_risk']:.2f}",
            _num(week["effort"]),
            _num(week["consistency"]),
            str(week["outcomes"]),
        )
    out.print(table)


def phase_text(phase: str) -> Text:
    return plain(phase, style=PHASE_STYLE.get(phase, ""))


def _bar(value: float, width: int = 10) -> str:
    filled = round(value * width)
    return "█" * filled + "░" * (width - filled)


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"
