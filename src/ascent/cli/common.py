"""What every command shares: the store it opens, JSON output, one-line errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import typer
from rich.console import Console
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from ascent.errors import AscentError, ConfigError
from ascent.settings import Settings, load_settings
from ascent.store.engine import make_engine
from ascent.store.migrate import upgrade
from ascent.store.scope import UnitOfWork

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)
if not out.is_terminal:
    # piped or captured output is read whole, not on an 80-column screen: don't squeeze tables
    out = Console(highlight=False, width=160)

EXIT_USER_ERROR = 2


@dataclass
class State:
    """Global options, kept on the Typer context."""

    db: str | None = None

    def settings(self, default_name: str = "ascent.db") -> Settings:
        return load_settings(self.db, default_name=default_name)


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, State) else State()


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn Ascent's errors into one line on stderr and a non-zero exit."""
    try:
        yield
    except AscentError as exc:
        err.print(f"error: {exc}", markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_USER_ERROR) from None
    except OperationalError as exc:
        err.print(f"error: database: {exc.orig}", markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_USER_ERROR) from None


def open_store(settings: Settings) -> Engine:
    """The engine, with migrations applied on first use."""
    engine = make_engine(settings)
    upgrade(engine)
    return engine


@contextmanager
def unit_of_work(ctx: typer.Context) -> Iterator[UnitOfWork]:
    engine = open_store(state(ctx).settings())
    try:
        with UnitOfWork(engine) as uow:
            yield uow
    finally:
        engine.dispose()


def parse_day(value: str | None, option: str = "--as-of") -> date:
    """A day option (``--as-of`` …): an ISO date, default today."""
    if value is None:
        return date.today()  # noqa: DTZ011 - "today" is the user's local calendar day
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{option} {value!r} is not a date (use YYYY-MM-DD)") from None


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
