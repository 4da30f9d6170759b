"""``ascent today --person WHO``: the plan for today."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from ascent.cli.common import out, parse_day, plain, print_json, unit_of_work, user_errors
from ascent.service.today import today_plan

ICONS = {"follow_up": "→", "rescue": "!", "repeat": "↻", "engage": "♥", "publish": "✎"}


def today_command(
    ctx: typer.Context,
    person: Annotated[str, typer.Option(help="Whose plan: e-mail or name.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="The day to plan.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Today's plan: whom to follow up, what is about to go cold, whom to engage, what to post."""
    with user_errors(as_json=as_json), unit_of_work(ctx) as uow:
        plan = today_plan(uow, person=person, as_of=parse_day(as_of))
    if as_json:
        print_json(plan.to_dict())
        return
    out.print(
        Text.assemble(
            plain(f"Today, {plan.as_of.isoformat()}", style="bold"),
            plain(f" ({plan.phase.replace('_', ' ')})"),
        )
    )
    out.print(plain(plan.opener))
    for item in plan.items:
        out.print(plain(f" {ICONS.get(item.kind, '-')} {item.text}"))
