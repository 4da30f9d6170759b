"""What every command shares: the store it opens (``ascent.bootstrap``), JSON output,
one-line errors, safe text.

Whatever came from a file (a name, a company, a path, a reason) is *data*: it reaches the
terminal only as ``plain`` text, folded to one line without control characters (so it
cannot drive the terminal) and never read as Rich markup or emoji codes (so ``[/bold]``
prints as itself instead of crashing, ``[link=…]`` is no hyperlink). JSON output stays the
exact data.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.text import Text
from sqlalchemy.exc import DatabaseError, OperationalError

from ascent import bootstrap
from ascent.errors import AscentError, ErrorDocument, error_document, one_line
from ascent.service.days import read_day
from ascent.settings import Settings, load_settings

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)
if not out.is_terminal:
    # piped or captured output is read whole, not on an 80-column screen: don't squeeze tables
    out = Console(highlight=False, width=160)

EXIT_USER_ERROR = 2
#: how much of one line of output or of an error message is shown: data can be megabytes
LINE_CHARS = 1000
_C1 = re.compile(r"[\x7f-\x9f]")


@dataclass
class State:
    """Global options, kept on the Typer context."""

    db: str | None = None

    def settings(self) -> Settings:
        return load_settings(self.db)


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, State) else State()


@contextmanager
def user_errors(*, as_json: bool = False) -> Iterator[None]:
    """Turn Ascent's errors into one line on stderr and exit 2.

    The line is ``error: MESSAGE``, or with ``as_json`` (a ``--json`` command) the one error
    shape of ``AscentError.to_dict``, so that a program reading JSON gets JSON either way.
    """
    try:
        yield
    except AscentError as exc:
        report_error(exc.to_dict(), as_json=as_json)
    except (OperationalError, DatabaseError) as exc:
        # the database cannot be used (locked, unreachable, not a database file); integrity
        # and SQL errors are subclasses too, but they are bugs and keep their traceback
        if type(exc) not in (OperationalError, DatabaseError):
            raise
        report_error(error_document("database", f"database: {exc.orig}"), as_json=as_json)


def report_error(document: ErrorDocument, *, as_json: bool) -> NoReturn:
    """Write ``document`` to stderr, as JSON or as its ``error: …`` line, and exit 2."""
    if as_json:
        sys.stderr.write(_json_text(document, indent=None) + "\n")
    else:
        err.print(plain(f"error: {document['error']['message']}"), soft_wrap=True)
    raise typer.Exit(EXIT_USER_ERROR) from None


def unit_of_work(
    ctx: typer.Context, *, write: bool = False
) -> AbstractContextManager[bootstrap.UnitOfWork]:
    """A unit of work on the store the global options name, scoped to its org
    (``bootstrap.unit_of_work``); a command that writes says so (``write``) and waits for
    the writer's turn, telling the user once on stderr when it has to."""
    return bootstrap.unit_of_work(state(ctx).settings(), write=write, on_wait=_waiting)


def _waiting(message: str) -> None:
    err.print(plain(message))


def parse_day(value: str | None, option: str = "--as-of") -> date:
    """A day option (``--as-of``, ``--start``, ``--from`` …): an ISO date, default today,
    in the range every front end accepts (``service.days.read_day``)."""
    today = date.today()  # noqa: DTZ011 - "today" is the user's local calendar day
    return read_day(value, name=option, today=today)


def safe(value: object, limit: int | None = LINE_CHARS) -> str:
    """``value`` as one line that cannot drive a terminal, cut at ``limit`` characters.

    Line breaks and control characters (C0, DEL, C1: ESC, BEL, NUL, CSI …) become a space, as
    in error messages (``ascent.errors.one_line``); ``limit=None`` never cuts (a link to copy).
    """
    text = str(value)
    return one_line(text, len(text) if limit is None else limit)


def plain(value: object, limit: int | None = LINE_CHARS, style: str = "") -> Text:
    """Data as Rich text: ``safe``, and never read as markup or emoji codes.

    Styled output is assembled from these (``Text.assemble(plain(name, style="bold"), …)``),
    never by putting data inside a markup string.
    """
    return Text(safe(value, limit), style=style)


def print_json(data: Any) -> None:
    """``data`` exactly, as JSON; DEL and C1 controls are written as ``\\u`` escapes too.

    ``json.dumps`` escapes only C0; a raw U+009B (CSI) would still drive some terminals.
    """
    sys.stdout.write(_json_text(data) + "\n")


def _json_text(data: Any, indent: int | None = 2) -> str:
    text = json.dumps(data, indent=indent, ensure_ascii=False, default=str)
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
