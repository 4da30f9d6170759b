"""The ``ascent`` Typer application: global options and the command table."""

from __future__ import annotations

from typing import Annotated

import typer

from ascent import __version__
from ascent.cli.backup_cmd import backup_command, restore_command
from ascent.cli.coach_cmd import coach_command
from ascent.cli.common import State
from ascent.cli.contacts_cmd import contacts_app
from ascent.cli.db_cmd import db_app
from ascent.cli.demo_cmd import demo_command
from ascent.cli.digest_cmd import digest_app
from ascent.cli.import_cmd import import_command
from ascent.cli.link_cmd import link_command
from ascent.cli.log_cmd import log_app
from ascent.cli.market_cmd import market_app
from ascent.cli.org_cmd import org_app
from ascent.cli.people_cmd import people_command
from ascent.cli.person_cmd import person_command
from ascent.cli.pursuits_cmd import pursuits_command
from ascent.cli.report_cmd import report_command
from ascent.cli.results_cmd import results_app
from ascent.cli.serve_cmd import serve_command
from ascent.cli.strategy_cmd import strategy_app
from ascent.cli.today_cmd import today_command
from ascent.cli.tokens_cmd import tokens_app
from ascent.cli.users_cmd import users_app
from ascent.cli.worker_cmd import worker_command

app = typer.Typer(
    name="ascent",
    help="Ascent: social selling as a strategy, executed daily, measured by outcomes.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ascent {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="ASCENT_DATABASE_URL",
            help="Database URL (sqlite:///FILE or postgresql+psycopg://…). "
            "Default: an SQLite file in the user data directory.",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """Global options."""
    ctx.obj = State(db=db)


app.command("import")(import_command)
app.command("people")(people_command)
app.command("person")(person_command)
app.command("pursuits")(pursuits_command)
app.command("today")(today_command)
app.command("demo")(demo_command)
app.command("link")(link_command)
app.command("coach")(coach_command)
app.command("report")(report_command)
app.command("serve")(serve_command)
app.command("worker")(worker_command)
app.command("backup")(backup_command)
app.command("restore")(restore_command)
app.add_typer(db_app, name="db")
app.add_typer(tokens_app, name="tokens")
app.add_typer(strategy_app, name="strategy")
app.add_typer(log_app, name="log")
app.add_typer(org_app, name="org")
app.add_typer(contacts_app, name="contacts")
app.add_typer(users_app, name="users")
app.add_typer(results_app, name="results")
app.add_typer(market_app, name="market")
app.add_typer(digest_app, name="digest")


def main() -> None:
    app()
