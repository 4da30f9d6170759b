"""What an import may cost: caps on sizes, ratios and repetitions, with safe defaults.

A real export is far inside every cap; a ZIP bomb, a file of endless blank lines or a
calendar series with no end is refused (or cut, and reported) before it can take the
machine's memory or time. Each cap can be raised for one run with its environment variable
(``ASCENT_LIMIT_<NAME>``, e.g. ``ASCENT_LIMIT_MEMBER_BYTES=8589934592``); docs/formats/limits.md
lists them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from ascent.errors import ConfigError

ENV_PREFIX = "ASCENT_LIMIT_"
MIB = 1024**2
GIB = 1024**3


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps on one import; every field is a whole number."""

    #: uncompressed bytes of one archive member (or one plain file)
    member_bytes: int = 4 * GIB
    #: uncompressed bytes of all members of one archive together
    total_bytes: int = 16 * GIB
    #: how much a member may inflate (uncompressed / compressed), for members over 1 MiB
    compression_ratio: int = 200
    #: bytes of one member that a format must read whole (a CAR, a workbook, a JSON file)
    whole_read_bytes: int = 512 * MIB
    #: bytes of one calendar file, read whole instead: icalendar takes about eight times a
    #: file's size (a 100 MB one peaked at 754 MB), and ten years of a busy calendar are tens
    #: of MB
    calendar_bytes: int = 32 * MIB
    #: bytes of one upload to the web app or the API (all its files): refused before it is
    #: read; a bigger export is imported on the server with ``ascent import``
    upload_bytes: int = 1 * GIB

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Limits:
        """The defaults, each replaced by its ``ASCENT_LIMIT_<NAME>`` variable when set."""
        env = os.environ if env is None else env
        changes: dict[str, int] = {}
        for f in fields(cls):
            name = ENV_PREFIX + f.name.upper()
            raw = env.get(name)
            if raw is None:
                continue
            try:
                value = int(raw)
            except ValueError:
                raise ConfigError(f"{name}={raw!r} is not a whole number") from None
            if value <= 0:
                raise ConfigError(f"{name}={raw!r} must be above 0")
            changes[f.name] = value
        return replace(cls(), **changes)


DEFAULT_LIMITS = Limits()
