"""``ascent tokens``: the REST API's bearer tokens (create, list, revoke)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ascent.cli.common import err, out, plain, print_json, safe, unit_of_work, user_errors
from ascent.service.tokens import SCOPES, TokenView, create_token, list_tokens, revoke_token

tokens_app = typer.Typer(help="REST API tokens: create, list, revoke.", no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


@tokens_app.command("create")
def create_command(
    ctx: typer.Context,
    *,
    scope: Annotated[str, typer.Option(help=f"One of {', '.join(SCOPES)}.")],
    person: Annotated[
        str | None,
        typer.Option(help="Act as this person's seller login (e-mail, name or id)."),
    ] = None,
    user: Annotated[
        str | None, typer.Option(help="Act as this login (e-mail): a lead, an admin …")
    ] = None,
    name: Annotated[str | None, typer.Option(help="What the token is for.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Make a token and print it, once (only its SHA-256 is kept). Without --person or
    --user it acts as the org's admin."""
    with user_errors(as_json=as_json), unit_of_work(ctx, write=True) as uow:
        made = create_token(uow, scope=scope, person=person, user=user, name=name)
    if as_json:
        print_json(made.to_dict())
        return
    out.print(plain(f"token {made.view.id} ({made.view.scope}, as {_acting(made.view)}):"))
    out.print(plain(safe(made.token, limit=None), limit=None), soft_wrap=True)
    err.print(plain("keep it now: it is not shown again"))


@tokens_app.command("list")
def list_command(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Every token of the org: id, name, scope, prefix, login, last use (never the token)."""
    with user_errors(as_json=as_json), unit_of_work(ctx) as uow:
        found = list_tokens(uow)
    if as_json:
        print_json([token.to_dict() for token in found])
        return
    table = Table(title="API tokens", title_justify="left")
    for column in ("id", "name", "scope", "prefix", "acts as", "last used", "revoked"):
        table.add_column(column, no_wrap=column != "name")
    for token in found:
        data = token.to_dict()
        table.add_row(
            str(token.id),
            plain(token.name),
            token.scope,
            token.prefix,
            plain(_acting(token)),
            str(data["last_used_at"] or "never"),
            str(data["revoked_at"] or "—"),
        )
    out.print(table)


@tokens_app.command("revoke")
def revoke_command(
    ctx: typer.Context,
    token_id: Annotated[int, typer.Argument(metavar="ID", help="The token's id (tokens list).")],
    as_json: JsonOption = False,
) -> None:
    """End a token: the API refuses it from now on."""
    with user_errors(as_json=as_json), unit_of_work(ctx, write=True) as uow:
        token = revoke_token(uow, token_id=token_id)
    if as_json:
        print_json(token.to_dict())
    else:
        out.print(plain(f"token {token.id} ({token.prefix}…) revoked"))


def _acting(token: TokenView) -> str:
    return token.user or "the org's admin"
