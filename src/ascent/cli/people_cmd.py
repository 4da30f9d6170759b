"""``ascent people [--team T] [--as-of D] [--json]``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ascent.cli.common import out, parse_day, plain, print_json, unit_of_work, user_errors
from ascent.cli.person_cmd import phase_text
from ascent.service.people import PersonReport, people_reports

HABIT_LETTERS = {"publish": "P", "engage": "E", "converse": "C", "connect": "N"}


def people_command(
    ctx: typer.Context,
    team: Annotated[str | None, typer.Option(help="Only this team.")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Day to report on.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """One row per person: phase, quit risk, jigsaw and pillars, listen/push, habits, counts."""
    with user_errors(as_json=as_json), unit_of_work(ctx) as uow:
        reports = people_reports(uow, as_of=parse_day(as_of), team=team)
    if as_json:
        print_json([r.to_dict() for r in reports])
    else:
        render(reports)


def render(reports: list[PersonReport]) -> None:
    table = Table(title="People", title_justify="left")
    for column in (
        "person",
        "team",
        "phase",
        "quit risk",
        "jigsaw",
        "additive",
        "weakest",
        "listen/push",
        "habits P E C N",
        "outcomes",
        "last activity",
    ):
        table.add_column(column, no_wrap=column in {"person", "team", "phase", "last activity"})
    for r in reports:
        d = r.to_dict()
        ratio = d["listen_push_ratio"]
        table.add_row(
            plain(d["person"]),
            plain(d["team"]),
            phase_text(d["phase"]),
            f"{d['quit_risk']:.2f}",
            f"{d['jigsaw']:.0f}",
            f"{d['additive']:.0f}",
            d["weakest_pillar"],
            "—" if ratio is None else f"{ratio:.2f}",
            " ".join(_spark(d["habit"].get(m, 0.0)) for m in HABIT_LETTERS),
            str(d["outcomes"]),
            d["last_activity"] or "—",
        )
    out.print(table)


def _spark(value: float) -> str:
    return " ▁▂▃▄▅▆▇█"[min(8, round(value * 8))]
