"""``ascent org settings``: the org's measure settings (the touches rule, cadence, …)."""

from __future__ import annotations

from typing import Annotated

import typer

from ascent.cli.common import out, print_json, unit_of_work, user_errors
from ascent.errors import ConfigError
from ascent.service.org_settings import measure_settings, set_measure_settings, settings_dict

org_app = typer.Typer(help="Organisation settings.", no_args_is_help=True)


@org_app.command("settings")
def settings_command(
    ctx: typer.Context,
    changes: Annotated[
        list[str] | None,
        typer.Option("--set", help="NAME=VALUE, e.g. touches_min=6 (repeatable)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Show the measures' settings, or change some with --set (see docs/metrics.md)."""
    with user_errors(), unit_of_work(ctx) as uow:
        if changes:
            settings = set_measure_settings(uow, changes=_pairs(changes))
        else:
            settings = measure_settings(uow)
    data = settings_dict(settings)
    if as_json:
        print_json(data)
    else:
        for name, value in data.items():
            out.print(f"{name} = {value}", markup=False)


def _pairs(changes: list[str]) -> dict[str, str]:
    pairs = {}
    for change in changes:
        name, sep, value = change.partition("=")
        if not sep:
            raise ConfigError(f"--set {change!r}: use NAME=VALUE")
        pairs[name.strip()] = value.strip()
    return pairs
