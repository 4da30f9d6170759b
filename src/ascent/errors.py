"""One exception tree, turned into messages and exit codes only at the edges.

AscentError
├── InputError        a file the user gave cannot be read (names file, line, reason)
│   └── UnknownFormat no importer recognises the file
├── NotFound          a person, team or org that does not exist
├── ConfigError       a setting or option that makes no sense
└── Busy              another writer held the database longer than we wait
"""

from __future__ import annotations

import re

#: how much of a file name or a reason a message quotes; a header with a million columns
#: must still give one readable line
QUOTE_CHARS = 300
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def one_line(text: str, limit: int = QUOTE_CHARS) -> str:
    """``text`` as one line of at most ``limit`` characters (cut with an ellipsis).

    Line breaks and other control characters become one space each run, so that what a file
    holds can neither break the line nor drive the terminal.
    """
    flat = _BREAKS.sub(" ", text)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class AscentError(Exception):
    """Base of every error Ascent reports to a user."""


class InputError(AscentError):
    """A file cannot be read; the message names the file, the line when known, and why."""

    def __init__(self, file: str, reason: str, line: int | None = None) -> None:
        self.file, self.reason, self.line = one_line(file), one_line(reason), line
        where = f"{self.file}:{line}" if line is not None else self.file
        super().__init__(f"{where}: {self.reason}")


class UnknownFormat(InputError):
    """No importer recognises the file."""


class NotFound(AscentError):
    """A named thing (person, team, org) does not exist."""


class ConfigError(AscentError):
    """A setting or an option is invalid."""


class Busy(AscentError):
    """Another writer (an import, a merge …) held the database longer than a writer waits."""
