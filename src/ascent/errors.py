"""One exception tree, turned into messages and exit codes only at the edges.

AscentError
├── InputError        a file the user gave cannot be read (names file, line, reason)
│   └── UnknownFormat no importer recognises the file
├── NotFound          a person, team or org that does not exist
├── ConfigError       a setting or option that makes no sense
└── Busy              another writer held the database longer than we wait

Every error has one JSON shape (``AscentError.to_dict``), written by ``--json`` commands and
meant for every JSON response::

    {"error": {"type": "input_error", "message": "export.csv:3: missing column Date",
               "file": "export.csv", "line": 3}}

``type`` is the class name in snake case (``input_error``, ``unknown_format``, ``not_found``,
``config_error``, ``busy``; ``database`` for what the database driver raises), a stable key
for a program; ``message`` is the one line a person reads after ``error:``; ``file`` and
``line`` are those of an ``InputError`` (``line`` null when unknown), null for the others.
"""

from __future__ import annotations

import re
from typing import TypedDict

#: how much of a file name or a reason a message quotes; a header with a million columns
#: must still give one readable line
QUOTE_CHARS = 300
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
#: how long an error's message may be: it quotes what the user typed, which can be megabytes
MESSAGE_CHARS = 1000
_WORD_START = re.compile(r"(?<!^)(?=[A-Z])")


def one_line(text: str, limit: int = QUOTE_CHARS) -> str:
    """``text`` as one line of at most ``limit`` characters (cut with an ellipsis).

    Line breaks and other control characters become one space each run, so that what a file
    holds can neither break the line nor drive the terminal.
    """
    flat = _BREAKS.sub(" ", text)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class ErrorDetail(TypedDict):
    """What went wrong: the inside of the one error shape."""

    type: str
    message: str
    file: str | None
    line: int | None


class ErrorDocument(TypedDict):
    """The one error shape: ``{"error": {"type", "message", "file", "line"}}``."""

    error: ErrorDetail


def error_document(
    kind: str, message: str, file: str | None = None, line: int | None = None
) -> ErrorDocument:
    """The error shape for ``kind``; also for errors that are no ``AscentError`` (database)."""
    message = one_line(message, MESSAGE_CHARS)
    return {"error": {"type": kind, "message": message, "file": file, "line": line}}


class AscentError(Exception):
    """Base of every error Ascent reports to a user."""

    def to_dict(self) -> ErrorDocument:
        """This error in the one error shape (see the module docstring)."""
        return error_document(_snake(type(self).__name__), str(self))


class InputError(AscentError):
    """A file cannot be read; the message names the file, the line when known, and why."""

    def __init__(self, file: str, reason: str, line: int | None = None) -> None:
        self.file, self.reason, self.line = one_line(file), one_line(reason), line
        where = f"{self.file}:{line}" if line is not None else self.file
        super().__init__(f"{where}: {self.reason}")

    def to_dict(self) -> ErrorDocument:
        """The error shape, with the file and the line (null when unknown)."""
        return error_document(_snake(type(self).__name__), str(self), self.file, self.line)


class UnknownFormat(InputError):
    """No importer recognises the file."""


class NotFound(AscentError):
    """A named thing (person, team, org) does not exist."""


class ConfigError(AscentError):
    """A setting or an option is invalid."""


class Busy(AscentError):
    """Another writer (an import, a merge …) held the database longer than a writer waits."""


def _snake(name: str) -> str:
    """``UnknownFormat`` -> ``unknown_format``: the error's ``type`` in the JSON shape."""
    return _WORD_START.sub("_", name).lower()
