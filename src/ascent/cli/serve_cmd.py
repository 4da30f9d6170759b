"""``ascent serve``: the web app on this machine (uvicorn), on the store the options name."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

import typer
import uvicorn

from ascent import bootstrap
from ascent.cli.common import err, out, plain, print_json, state, user_errors
from ascent.service.mail import SmtpSender, smtp_settings
from ascent.service.org_settings import mail_settings
from ascent.service.users import list_users
from ascent.settings import ENV_SECRET_KEY, Settings
from ascent.web.app import create_app
from ascent.web.digest import DigestSchedule, parse_weekly

HOST = "127.0.0.1"
#: where a lone seller's own database may let them in without a login (``service.single_user``)
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
PORT = 8000


def serve_command(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = HOST,
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = PORT,
    as_json: Annotated[
        bool, typer.Option("--json", help="Say where it serves as JSON, then serve.")
    ] = False,
    digest_weekly: Annotated[
        str | None,
        typer.Option(
            "--digest-weekly",
            help='Also send the weekly digest at this local weekday and time, e.g. "mon 07:00" '
            "(SMTP: ASCENT_SMTP_*).",
        ),
    ] = None,
) -> None:
    """Serve the web app: each seller's home, the leads' team pages, imports by upload."""
    with user_errors(as_json=as_json):
        settings = state(ctx).settings()
        schedule = None if digest_weekly is None else digest_schedule(settings, digest_weekly)
    if schedule is not None:
        schedule.start()
    try:
        serve(settings, host=host, port=port, as_json=as_json)
    finally:
        if schedule is not None:
            schedule.stop()


def digest_schedule(settings: Settings, when: str) -> DigestSchedule:
    """The weekly digest's schedule, its time and SMTP settings checked before serving."""
    weekly = parse_weekly(when)
    with bootstrap.unit_of_work(settings) as uow:
        smtp = smtp_settings(stored=mail_settings(uow))
    return DigestSchedule(
        settings,
        weekly,
        sender=SmtpSender(smtp),
        from_address=smtp.sender,
        report=lambda line: err.print(plain(line)),
    )


def serve(
    settings: Settings,
    *,
    host: str,
    port: int,
    as_json: bool = False,
    today: Callable[[], date] = date.today,
) -> None:
    """Say where the app is and who can log in, then serve until Ctrl+C; ``today`` is the
    pages' default day (the demo's last day, for the demo)."""
    with user_errors(as_json=as_json):
        with bootstrap.unit_of_work(settings) as uow:
            logins = len(list_users(uow))
        database = bootstrap.database(settings).url
    url = f"http://{host if ':' not in host else f'[{host}]'}:{port}"
    if as_json:
        print_json({"url": url, "database": database, "logins": logins})
    else:
        out.print(plain(f"Ascent serves {database} on {url} (Ctrl+C to stop)"))
        if not logins:
            out.print(plain("no logins yet: ascent users add EMAIL --role admin"))
            if host in LOOPBACK:
                out.print(plain("while one person is all it holds, they are let in without one"))
        if settings.secret_key is None:
            out.print(
                plain(f"sessions end when the server stops: set {ENV_SECRET_KEY} to keep them")
            )
    app = create_app(settings, today=today, auto_login=host in LOOPBACK)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
