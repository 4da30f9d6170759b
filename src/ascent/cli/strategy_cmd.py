"""``ascent strategy load FILE`` and ``ascent strategy show --team T``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ascent.cli.common import out, plain, print_json, unit_of_work, user_errors
from ascent.service.strategy import Strategy, load_strategy, team_strategy

strategy_app = typer.Typer(help="Goals, tactics and targets of a team.", no_args_is_help=True)
JSON = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


@strategy_app.command("load")
def load_command(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A strategy YAML file (see docs/strategy.md).")],
    as_json: JSON = False,
) -> None:
    """Load (or replace) a team's strategy from a YAML file."""
    with user_errors(as_json=as_json), unit_of_work(ctx, write=True) as uow:
        strategy = load_strategy(uow, path=path)
    if as_json:
        print_json(strategy.to_dict())
    else:
        render(strategy)


@strategy_app.command("show")
def show_command(
    ctx: typer.Context,
    team: Annotated[str, typer.Option(help="The team whose strategy to show.")],
    as_json: JSON = False,
) -> None:
    """Show a team's goals, tactics and targets."""
    with user_errors(as_json=as_json), unit_of_work(ctx) as uow:
        strategy = team_strategy(uow, team=team)
    if as_json:
        print_json(strategy.to_dict())
    else:
        render(strategy)


def render(strategy: Strategy) -> None:
    out.print(plain(strategy.team, style="bold"))
    if strategy.programme_start:
        out.print(plain(f"programme start: {strategy.programme_start}"))
    for goal in strategy.goals:
        out.print(plain(f"goal: {goal.name}" + (f" ({goal.outcome})" if goal.outcome else "")))
        for t in (t for t in strategy.tactics if t.serves == goal.name):
            where = f" on {', '.join(sorted(t.channels))}" if t.channels else ""
            cadence = f", {t.cadence}" if t.cadence else ""
            out.print(plain(f"  tactic: {t.name}: {', '.join(sorted(t.kinds))}{where}{cadence}"))
    for t in (t for t in strategy.tactics if t.serves is None):
        out.print(plain(f"tactic without a goal: {t.name}"))
    out.print(plain(f"target accounts: {', '.join(strategy.target_accounts) or '—'}"))
    out.print(plain(f"target personas: {', '.join(strategy.target_personas) or '—'}"))
