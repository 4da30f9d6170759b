"""``ascent digest send [--dry-run] [--team T] [--as-of D] [--json]``, ``ascent digest off
WHO`` and ``ascent digest on WHO``: the weekly digest by e-mail, and turning it off."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from ascent.cli.common import err, out, parse_day, plain, print_json, unit_of_work, user_errors
from ascent.service.digest import Digest, Digests, LeadDigest, set_digest, weekly_digests
from ascent.service.mail import SmtpSender, smtp_settings
from ascent.service.org_settings import mail_settings
from ascent.web.digest import digest_charts, messages, subject

digest_app = typer.Typer(
    no_args_is_help=True, help="The weekly digest by e-mail: send it, or turn it off or on."
)

AS_JSON = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


@digest_app.command("send")
def send_command(
    ctx: typer.Context,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say who would get what; send nothing.")
    ] = False,
    team: Annotated[str | None, typer.Option(help="Only this team's people and lead.")] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The week ending on this day.")
    ] = None,
    as_json: AS_JSON = False,
) -> None:
    """Send each seller their week and today's plan, and each lead their team (SMTP settings:
    ASCENT_SMTP_* or the org's smtp_*). For cron, e.g. on Monday mornings."""
    with user_errors(as_json=as_json):
        with unit_of_work(ctx) as uow:
            settings = None if dry_run else smtp_settings(stored=mail_settings(uow))
            found = weekly_digests(uow, as_of=parse_day(as_of), team=team)
        sent, refused = 0, []
        if settings is not None:
            smtp = SmtpSender(settings)
            sent = smtp.send(messages(found.digests, sender=settings.sender))
            refused = smtp.refused
    if as_json:
        print_json(summary(found, dry_run=dry_run, sent=sent) | {"refused": _refused(refused)})
    else:
        render(found, dry_run=dry_run, sent=sent)
        for to, answer in refused:
            err.print(plain(f"refused: {to}: {answer}"))
    if refused:
        raise typer.Exit(1)


def _refused(refused: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"to": to, "answer": answer} for to, answer in refused]


def summary(found: Digests, *, dry_run: bool, sent: int) -> dict[str, Any]:
    """Who gets what: recipient, subject, the charts, and the digest's data."""
    return {
        "as_of": found.as_of.isoformat(),
        "dry_run": dry_run,
        "sent": sent,
        "digests": [
            {"subject": subject(d), "charts": sorted(digest_charts(d))} | d.to_dict()
            for d in found.digests
        ],
        "skipped": found.skipped,
    }


def render(found: Digests, *, dry_run: bool, sent: int) -> None:
    table = Table(title=f"Weekly digest to {found.as_of}", title_justify="left")
    for column in ("to", "kind", "team", "subject", "what"):
        table.add_column(column)
    for d in found.digests:
        r = d.recipient
        table.add_row(plain(r.email), r.kind, plain(r.team), plain(subject(d)), plain(_what(d)))
    out.print(table)
    for s in found.skipped:
        out.print(plain(f"skipped {s['person']}: {s['why']}"))
    verb = "would send" if dry_run else "sent"
    out.print(plain(f"{verb} {len(found.digests) if dry_run else sent} e-mails"))


def _what(d: Digest) -> str:
    if isinstance(d, LeadDigest):
        t = d.team
        funnel = "funnel" if t.funnel is not None else "funnel hidden"
        return f"{len(t.people)} people, {len(t.conversations)} to talk to, {funnel}"
    return f"{d.phase.replace('_', ' ')}, {len(d.plan.items)} things to do today"


@digest_app.command("off")
def off_command(
    ctx: typer.Context,
    who: Annotated[str, typer.Argument(help="E-mail or name.")],
    as_json: AS_JSON = False,
) -> None:
    """Turn the weekly digest off for a person (and their login)."""
    _set(ctx, who, off=True, as_json=as_json)


@digest_app.command("on")
def on_command(
    ctx: typer.Context,
    who: Annotated[str, typer.Argument(help="E-mail or name.")],
    as_json: AS_JSON = False,
) -> None:
    """Turn the weekly digest on again for a person (and their login)."""
    _set(ctx, who, off=False, as_json=as_json)


def _set(ctx: typer.Context, who: str, *, off: bool, as_json: bool) -> None:
    with user_errors(as_json=as_json), unit_of_work(ctx, write=True) as uow:
        done = set_digest(uow, who=who, off=off)
    if as_json:
        print_json(done)
    else:
        out.print(plain(f"weekly digest {done['digest']} for {who}"))
