"""``ascent contacts list|show|merge|split|confirm``: one contact per person, across channels."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from ascent.cli.common import out, plain, print_json, safe, unit_of_work, user_errors
from ascent.service import contacts
from ascent.service.contacts import ContactView

contacts_app = typer.Typer(
    help="Contacts across channels: who is who, and mending what the machine got wrong.",
    no_args_is_help=True,
)
JSON = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
CONTACT = "An id, an identity (profile URL, e-mail, x:@handle, DID …) or a unique name."


@contacts_app.command("list")
def list_command(
    ctx: typer.Context,
    review: Annotated[
        bool, typer.Option("--review", help="Only contacts joined on a name (confidence < 1).")
    ] = False,
    as_json: JSON = False,
) -> None:
    """Every contact with its identities, channels and how sure each join is."""
    with user_errors(as_json=as_json), unit_of_work(ctx) as uow:
        views = contacts.list_contacts(uow, review=review)
    if as_json:
        print_json([v.to_dict() for v in views])
    else:
        render(views, "Contacts to review" if review else "Contacts")


@contacts_app.command("show")
def show_command(
    ctx: typer.Context,
    contact: Annotated[str, typer.Argument(help=CONTACT)],
    as_json: JSON = False,
) -> None:
    """One contact: every identity, how it joined, and the channels it was seen on."""
    with user_errors(as_json=as_json), unit_of_work(ctx) as uow:
        view = contacts.show_contact(uow, contact=contact)
    _print([view], as_json, "Contact")


@contacts_app.command("merge")
def merge_command(
    ctx: typer.Context,
    into: Annotated[str, typer.Argument(help="The contact to keep. " + CONTACT)],
    other: Annotated[str, typer.Argument(help="The contact merged into it.")],
    as_json: JSON = False,
) -> None:
    """Two contacts are one person: move B's identities, touches and outcomes to A."""
    with user_errors(as_json=as_json), unit_of_work(ctx, write=True) as uow:
        view = contacts.merge(uow, into=into, other=other)
    _print([view], as_json, "Merged")


@contacts_app.command("confirm")
def confirm_command(
    ctx: typer.Context,
    contact: Annotated[str, typer.Argument(help=CONTACT)],
    as_json: JSON = False,
) -> None:
    """The joins guessed for this contact are right: take it off the review list."""
    with user_errors(as_json=as_json), unit_of_work(ctx, write=True) as uow:
        view = contacts.confirm(uow, contact=contact)
    _print([view], as_json, "Confirmed")


@contacts_app.command("split")
def split_command(
    ctx: typer.Context,
    contact: Annotated[str, typer.Argument(help=CONTACT)],
    identities: Annotated[
        list[str], typer.Argument(help="The identities that belong to someone else.")
    ],
    name: Annotated[str | None, typer.Option(help="Name of the new contact.")] = None,
    as_json: JSON = False,
) -> None:
    """One contact is two people: move these identities, and what came through them, out."""
    with user_errors(as_json=as_json), unit_of_work(ctx, write=True) as uow:
        kept, new = contacts.split(uow, contact=contact, identities=identities, name=name)
    _print([kept, new], as_json, "Split")


def _print(views: list[ContactView], as_json: bool, title: str) -> None:
    if as_json:
        print_json(views[0].to_dict() if len(views) == 1 else [v.to_dict() for v in views])
    else:
        render(views, title)


def render(views: list[ContactView], title: str) -> None:
    table = Table(title=f"{title} ({len(views)})", title_justify="left")
    for column in ("id", "name", "account", "channels", "identities", "confidence"):
        table.add_column(column)
    for v in views:
        identities = "\n".join(
            safe(i["value"])
            + (f" ({i['matched_by']} {i['confidence']:.1f})" if i["confidence"] < 1 else "")
            for i in v.exact_identities
        )
        cells = (v.id, v.name or "—", v.account or "—", ", ".join(v.channels) or "—")
        table.add_row(*map(plain, cells), Text(identities or "—"), f"{v.confidence:.1f}")
    out.print(table)
