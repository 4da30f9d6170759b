"""``ascent org settings``: the org's settings (storing bodies, the touches rule, cadence …);
``ascent org webhook-secret``: the secret a CRM signs its webhook posts with."""

from __future__ import annotations

from typing import Annotated

import typer

from ascent.cli.common import out, plain, print_json, unit_of_work, user_errors
from ascent.errors import ConfigError
from ascent.service.crm_webhook import ensure_webhook_secret
from ascent.service.org_settings import org_settings, set_org_settings, settings_dict

org_app = typer.Typer(help="Organisation settings.", no_args_is_help=True)


@org_app.command("settings")
def settings_command(
    ctx: typer.Context,
    changes: Annotated[
        list[str] | None,
        typer.Option(
            "--set", help="NAME=VALUE, e.g. touches_min=6 or store_bodies=true (repeatable)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Show the org's settings, or change some with --set (see docs/metrics.md)."""
    with user_errors(as_json=as_json):
        pairs = _pairs(changes or [])
        with unit_of_work(ctx, write=bool(pairs)) as uow:
            settings = set_org_settings(uow, changes=pairs) if pairs else org_settings(uow)
    data = settings_dict(settings)
    if as_json:
        print_json(data)
    else:
        for name, value in data.items():
            out.print(plain(f"{name} = {value}"))


@org_app.command("webhook-secret")
def webhook_secret_command(
    ctx: typer.Context,
    rotate: Annotated[
        bool, typer.Option("--rotate", help="Make a new secret; the old one stops at once.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Show the secret a CRM signs POST /api/v1/webhooks/crm with (made on first use), or
    replace it with --rotate (see docs/api.md)."""
    with user_errors(as_json=as_json), unit_of_work(ctx, write=True) as uow:
        secret = ensure_webhook_secret(uow, rotate=rotate)
    if as_json:
        print_json({"webhook_secret": secret})
    else:
        out.print(plain(secret, limit=None))


def _pairs(changes: list[str]) -> dict[str, str]:
    pairs = {}
    for change in changes:
        name, sep, value = change.partition("=")
        if not sep:
            raise ConfigError(f"--set {change!r}: use NAME=VALUE")
        pairs[name.strip()] = value.strip()
    return pairs
