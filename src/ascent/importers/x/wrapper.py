"""The JavaScript wrapper around every X archive data file (FORMATS §2.2).

A data file is ``window.YTD.<type>.part<n> = [ … ]``; the manifest is
``window.__THAR_CONFIG = { … }``. We check the assignment, then decode the JSON after it,
never ``eval``. The file is read as a stream (``ascent.importers.jsonstream``: a 1 GB tweets.js
stays in bounded memory) and the array decoded one element at a time, so that each element
keeps the physical line it starts on: a rejected tweet can be found in an editor, and a
broken file names its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from ascent.errors import InputError
from ascent.importers.jsonstream import JsonStream
from ascent.importers.source import Source

DATA_ASSIGNMENT = re.compile(r"\s*window\.YTD\.\w+\.part\d+\s*=\s*")
_CONFIG_ASSIGNMENT = re.compile(r"\s*window\.__THAR_CONFIG\s*=\s*")
_PART = re.compile(r"(.+?)-part(\d+)")


def global_name(name: str) -> str:
    """The global X assigns in a file: ``tweets-part1.js`` → ``YTD.tweets.part1``."""
    stem = PurePosixPath(name).stem.lower()
    found = _PART.fullmatch(stem)
    base, part = (found[1], found[2]) if found else (stem, "0")
    return f"YTD.{base.replace('-', '_')}.part{part}"


def read_items(source: Source, name: str) -> Iterator[tuple[int, Any]]:
    """Each element of a data file's array, with the line it starts on (read as a stream)."""
    expected = f"window.{global_name(name)} = [ … ]"
    with source.open_binary(name) as fh:
        stream = JsonStream(fh, source.label(name), max_value_chars(source))
        _assignment(
            stream, DATA_ASSIGNMENT, "[", f"not an X archive data file (expected `{expected}`)"
        )
        yield from stream.array_items()
        stream.expect_end(";")


def read_config(source: Source, name: str) -> dict[str, Any]:
    """The object ``manifest.js`` assigns to ``window.__THAR_CONFIG``."""
    expected = "window.__THAR_CONFIG = { … }"
    with source.open_binary(name) as fh:
        stream = JsonStream(fh, source.label(name), max_value_chars(source))
        _assignment(
            stream, _CONFIG_ASSIGNMENT, "{", f"not an X archive manifest (expected `{expected}`)"
        )
        config = stream.value()
        stream.expect_end(";")
    if not isinstance(config, dict):
        raise InputError(source.label(name), "the manifest is not a JSON object")
    return config


def max_value_chars(source: Source) -> int:
    """The largest element read whole: a quarter of the whole-read cap (128 MiB by default),
    far above a real tweet or DM conversation, low enough to keep a broken file cheap."""
    return source.limits.whole_read_bytes // 4


def unwrap(item: Any, key: str) -> Any:
    """``{"tweet": {…}}`` → ``{…}``; a bare object (≤ 2020 archives) is returned as it is."""
    if isinstance(item, dict):
        inner = item.get(key)
        if isinstance(inner, dict):
            return inner
    return item


def _assignment(stream: JsonStream, assignment: re.Pattern[str], opener: str, why: str) -> None:
    """Check ``window.… =`` before the data (in the first chunk) and stop at ``opener``."""
    stream.peek()
    start = stream.buf.find(opener, stream.pos)
    if start < 0 or not assignment.fullmatch(stream.buf, stream.pos, start):
        raise InputError(stream.label, why)
    stream.pos = start
