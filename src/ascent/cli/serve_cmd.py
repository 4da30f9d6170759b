"""``ascent serve``: the web app on this machine (uvicorn), on the store the options name.

``--workers N`` runs N uvicorn processes, each building the app from the environment
(``app_from_environment``): the database URL and one cookie-signing secret are handed to them
there. Nothing else lives in a process: sessions, login throttling and jobs are rows of the
database. Several processes need PostgreSQL: on SQLite one process serves (its uploads are
imported by a thread of that process, and the database has one writer anyway).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from datetime import date
from typing import Annotated

import typer
import uvicorn

from ascent import bootstrap
from ascent.cli.common import err, out, plain, print_json, state, user_errors
from ascent.errors import ConfigError
from ascent.service.mail import SmtpSender, smtp_settings
from ascent.service.org_settings import mail_settings
from ascent.service.users import list_users
from ascent.settings import ENV_DATABASE_URL, ENV_SECRET_KEY, Settings, load_settings
from ascent.web.app import create_app
from ascent.web.digest import DigestSchedule, parse_weekly
from ascent.web.ops import logging_config

HOST = "127.0.0.1"
#: where a lone seller's own database may let them in without a login (``service.single_user``)
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
PORT = 8000
#: the app factory each of several worker processes imports
FACTORY = "ascent.cli.serve_cmd:app_from_environment"


def serve_command(  # noqa: PLR0917 - one argument per option
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = HOST,
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = PORT,
    workers: Annotated[
        int,
        typer.Option(help="How many server processes to run (more than one: PostgreSQL).", min=1),
    ] = 1,
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
        if workers > 1:
            check_workers(settings)
        schedule = None if digest_weekly is None else digest_schedule(settings, digest_weekly)
    if schedule is not None:
        schedule.start()
    try:
        serve(settings, host=host, port=port, as_json=as_json, workers=workers)
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
    workers: int = 1,
) -> None:
    """Say where the app is and who can log in, then serve until Ctrl+C; ``today`` is the
    pages' default day (the demo's last day, for the demo); ``workers`` processes (the
    caller has checked ``check_workers``)."""
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
        if workers > 1:
            out.print(plain(f"{workers} server processes"))
        if settings.secret_key is None:
            out.print(
                plain(f"sessions end when the server stops: set {ENV_SECRET_KEY} to keep them")
            )
    if workers > 1:
        _hand_down(settings)
        uvicorn.run(
            FACTORY,
            factory=True,
            workers=workers,
            host=host,
            port=port,
            log_config=logging_config(json=True),
            server_header=False,
        )
        return
    app = create_app(settings, today=today, auto_login=host in LOOPBACK)
    uvicorn.run(
        app, host=host, port=port, log_config=logging_config(json=True), server_header=False
    )


def check_workers(settings: Settings) -> None:
    """Several server processes need PostgreSQL: refuse SQLite with the reason."""
    if not settings.database_url.startswith("postgresql"):
        raise ConfigError(
            "--workers above 1 needs PostgreSQL (--db postgresql+psycopg://…): an SQLite "
            "database has one writer and its uploads are imported by the serving process"
        )


def _hand_down(settings: Settings) -> None:
    """What every worker process must share, in the environment it inherits: the database
    and one cookie-signing secret (a random one, for this run, when none is set)."""
    os.environ[ENV_DATABASE_URL] = settings.database_url
    os.environ.setdefault(ENV_SECRET_KEY, secrets.token_urlsafe(32))


def app_from_environment() -> object:
    """The app of one of several server processes, from the environment ``serve`` set
    (no lone-seller login: several processes serve a team)."""
    return create_app(load_settings())
