"""One exception tree, turned into messages and exit codes only at the edges.

AscentError
├── InputError        a file the user gave cannot be read (names file, line, reason)
│   └── UnknownFormat no importer recognises the file
├── NotFound          a person, team or org that does not exist
└── ConfigError       a setting or option that makes no sense
"""

from __future__ import annotations


class AscentError(Exception):
    """Base of every error Ascent reports to a user."""


class InputError(AscentError):
    """A file cannot be read; the message names the file, the line when known, and why."""

    def __init__(self, file: str, reason: str, line: int | None = None) -> None:
        self.file, self.reason, self.line = file, reason, line
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {reason}")


class UnknownFormat(InputError):
    """No importer recognises the file."""


class NotFound(AscentError):
    """A named thing (person, team, org) does not exist."""


class ConfigError(AscentError):
    """A setting or an option is invalid."""
