"""``ascent users add|reset|list``: logins for the web app, and one-time links to set a
password (printed, so that no mail server is needed)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ascent.cli.common import out, plain, print_json, safe, unit_of_work, user_errors
from ascent.service.users import ROLES, UserView, add_user, list_users, reset_link

users_app = typer.Typer(help="Logins for the web app: add, reset, list.", no_args_is_help=True)

DEFAULT_URL = "http://127.0.0.1:8000"
UrlOption = Annotated[
    str, typer.Option("--url", help="The web app's address, which the link starts with.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


@users_app.command("add")
def add_command(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The login's e-mail (a seller's: their person's).")],
    *,
    role: Annotated[str, typer.Option(help=f"One of {', '.join(ROLES)}.")],
    team: Annotated[str | None, typer.Option(help="A lead's team (leads only).")] = None,
    url: UrlOption = DEFAULT_URL,
    as_json: JsonOption = False,
) -> None:
    """Add a login (or change its role and team) and print a link to set its password."""
    with user_errors(as_json=as_json), unit_of_work(ctx, write=True) as uow:
        user = add_user(uow, email=email, role=role, team=team)
        link = reset_link(uow, email=user.email, base_url=url)
    if as_json:
        print_json({"user": user.to_dict(), "link": link})
        return
    out.print(plain(f"{user.email}: {_role(user)}"))
    _print_link(link)


@users_app.command("reset")
def reset_command(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The login's e-mail.")],
    url: UrlOption = DEFAULT_URL,
    as_json: JsonOption = False,
) -> None:
    """Print a one-time link to set a new password; the login's sessions end."""
    with user_errors(as_json=as_json), unit_of_work(ctx, write=True) as uow:
        link = reset_link(uow, email=email, base_url=url)
    if as_json:
        print_json({"email": email.strip().lower(), "link": link})
    else:
        _print_link(link)


@users_app.command("list")
def list_command(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Every login of the org: e-mail, role, name and team (never a password hash)."""
    with user_errors(as_json=as_json), unit_of_work(ctx) as uow:
        found = list_users(uow)
    if as_json:
        print_json([user.to_dict() for user in found])
    else:
        render(found, title="Logins")


def render(found: list[UserView], *, title: str) -> None:
    """A table of logins: e-mail, role, name, team."""
    table = Table(title=title, title_justify="left")
    for column in ("e-mail", "role", "name", "team"):
        table.add_column(column, no_wrap=column != "name")
    for user in found:
        table.add_row(plain(user.email), user.role, plain(user.name), plain(user.team or "—"))
    out.print(table)


def _role(user: UserView) -> str:
    return f"{user.role} of {user.team}" if user.team else user.role


def _print_link(link: str) -> None:
    out.print(plain("set the password within 24 hours, once, at:"))
    out.print(plain(safe(link, limit=None), limit=None), soft_wrap=True)
