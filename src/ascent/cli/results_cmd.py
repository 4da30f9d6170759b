"""``ascent results attribution|uplift|replication --team T [--as-of D] [--json]``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

import typer
from rich.table import Table

from ascent.cli.common import out, parse_day, plain, print_json, unit_of_work, user_errors
from ascent.service import results
from ascent.service.results import AttributionView, ReplicationView, UpliftView

results_app = typer.Typer(
    help="Is it working, and where: attribution, uplift, replication.", no_args_is_help=True
)
TEAM = Annotated[
    str | None,
    typer.Option(
        help="The team (its people, its strategy's targets); the org's only team if not given."
    ),
]
AS_OF = Annotated[str | None, typer.Option("--as-of", help="Day to report on.")]
JSON = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


def _view(
    ctx: typer.Context,
    team: str | None,
    as_of: str | None,
    as_json: bool,
    use: Callable[..., Any],
) -> Any:
    """Resolve the team, call the use case ``use`` as of the day, in one unit of work."""
    with user_errors(as_json=as_json), unit_of_work(ctx) as uow:
        day: date = parse_day(as_of)
        return use(uow, team_id=results.team_id_named(uow, team=team), as_of=day)


@results_app.command("attribution")
def attribution_command(
    ctx: typer.Context, team: TEAM = None, as_of: AS_OF = None, as_json: JSON = False
) -> None:
    """Outcomes by source and by the touches before them: first touch, last touch, linear."""
    view: AttributionView = _view(ctx, team, as_of, as_json, results.attribution)
    if as_json:
        print_json(view.to_dict())
        return
    data = view.to_dict()
    out.print(
        plain(
            f"{data['team']['name']}: {data['outcomes']} outcomes from {data['first_day']} to "
            f"{data['last_day']}; touches count within {data['window_days']} days before each",
            style="bold",
        )
    )
    _credits("How did they hear of us (the outcome's source)", data["by_source"], "source_channel")
    for method in data["methods"]:
        _credits(f"Method: {method['label']}", method["rows"], "channel")


def _credits(title: str, rows: list[dict[str, Any]], key: str) -> None:
    table = Table(title=title, title_justify="left")
    for column in ("channel", "outcome", "count", "amount"):
        table.add_column(column, justify="right" if column in ("count", "amount") else "left")
    for r in rows:
        amount = "—" if r["amount"] is None else f"{r['amount']:,.0f}"
        table.add_row(plain(r[key]), plain(r["kind"]), f"{r['count']:g}", amount)
    out.print(table)


@results_app.command("uplift")
def uplift_command(
    ctx: typer.Context, team: TEAM = None, as_of: AS_OF = None, as_json: JSON = False
) -> None:
    """Outcomes a week before and after each seller's start, per target account, against
    their other accounts (difference in differences, 90 % interval, verdict)."""
    view: UpliftView = _view(ctx, team, as_of, as_json, results.uplift)
    if as_json:
        print_json(view.to_dict())
        return
    data = view.to_dict()
    table = Table(title=f"Uplift: {data['team']['name']}", title_justify="left")
    for column in (
        "account",
        "person",
        "weeks",
        "before",
        "after",
        "uplift",
        "90 % interval",
        "verdict",
    ):
        table.add_column(column)
    compared = [r for r in data["accounts"] if r["outcomes_before"] + r["outcomes_after"] > 0]
    for r in [*compared, data["programme"] | {"person": "everyone"}]:
        interval = "—" if r["ci_low"] is None else f"{r['ci_low']:+.2f} to {r['ci_high']:+.2f}"
        table.add_row(
            plain(r["account"]),
            plain(r["person"]),
            f"{r['weeks_before']} / {r['weeks_after']}",
            _number(r["rate_before"]),
            _number(r["rate_after"]),
            "—" if r["uplift"] is None else f"{r['uplift']:+.2f}",
            interval,
            plain(r["verdict"]),
        )
    out.print(table)
    if silent := len(data["accounts"]) - len(compared):
        out.print(
            plain(
                f"not shown: {silent} pair(s) of account and seller without any outcome"
                " (--json has them)"
            )
        )
    if data["without_start"]:
        out.print(plain(f"without a programme start: {', '.join(data['without_start'])}"))


@results_app.command("replication")
def replication_command(
    ctx: typer.Context, team: TEAM = None, as_of: AS_OF = None, as_json: JSON = False
) -> None:
    """Per seller: target accounts where the routine runs, where it produces outcomes, and
    the single_account_success flag with the accounts named."""
    view: ReplicationView = _view(ctx, team, as_of, as_json, results.replication)
    if as_json:
        print_json(view.to_dict())
        return
    data = view.to_dict()
    table = Table(title=f"Replication: {data['team']['name']}", title_justify="left")
    for column in ("person", "targets", "routine", "outcomes", "both", "flags", "evidence"):
        table.add_column(column)
    for s in data["sellers"]:
        table.add_row(
            plain(s["person"]),
            str(s["target_accounts"]),
            str(s["accounts_with_routine"]),
            str(s["accounts_with_outcomes"]),
            str(s["accounts_with_both"]),
            plain(", ".join(s["flags"]) or "—"),
            plain(s["evidence"]),
        )
    out.print(table)


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"
