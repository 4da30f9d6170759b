"""The JavaScript wrapper around every X archive data file (FORMATS §2.2).

A data file is ``window.YTD.<type>.part<n> = [ … ]``; the manifest is
``window.__THAR_CONFIG = { … }``. We check the assignment, then decode the JSON after it,
never ``eval``. The array is decoded one element at a time (``raw_decode``) so that each
element keeps the physical line it starts on: a rejected tweet can be found in an editor,
and a broken file names its line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from ascent.errors import InputError
from ascent.importers.source import Source

_DATA_ASSIGNMENT = re.compile(r"\s*window\.YTD\.\w+\.part\d+\s*=\s*")
_CONFIG_ASSIGNMENT = re.compile(r"\s*window\.__THAR_CONFIG\s*=\s*")
_SPACE = re.compile(r"\s*")
_PART = re.compile(r"(.+?)-part(\d+)")
_DECODER = json.JSONDecoder()


def global_name(name: str) -> str:
    """The global X assigns in a file: ``tweets-part1.js`` → ``YTD.tweets.part1``."""
    stem = PurePosixPath(name).stem.lower()
    found = _PART.fullmatch(stem)
    base, part = (found[1], found[2]) if found else (stem, "0")
    return f"YTD.{base.replace('-', '_')}.part{part}"


def read_items(source: Source, name: str) -> Iterator[tuple[int, Any]]:
    """Each element of a data file's array, with the line it starts on."""
    label, text = source.label(name), _text(source, name)
    start = text.find("[")
    if start < 0 or not _DATA_ASSIGNMENT.fullmatch(text, 0, start):
        expected = f"window.{global_name(name)} = [ … ]"
        raise InputError(label, f"not an X archive data file (expected `{expected}`)")
    yield from _elements(text, start, label)


def read_config(source: Source, name: str) -> dict[str, Any]:
    """The object ``manifest.js`` assigns to ``window.__THAR_CONFIG``."""
    label, text = source.label(name), _text(source, name)
    start = text.find("{")
    if start < 0 or not _CONFIG_ASSIGNMENT.fullmatch(text, 0, start):
        expected = "window.__THAR_CONFIG = { … }"
        raise InputError(label, f"not an X archive manifest (expected `{expected}`)")
    config, end = _decode(text, start, label)
    _expect_end(text, end, label)
    if not isinstance(config, dict):
        raise InputError(label, "the manifest is not a JSON object")
    return config


def unwrap(item: Any, key: str) -> Any:
    """``{"tweet": {…}}`` → ``{…}``; a bare object (≤ 2020 archives) is returned as it is."""
    if isinstance(item, dict):
        inner = item.get(key)
        if isinstance(inner, dict):
            return inner
    return item


def _text(source: Source, name: str) -> str:
    """X writes UTF-8 without a BOM; ``utf-8-sig`` also takes a file re-saved by an editor."""
    try:
        return source.read_bytes(name).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(source.label(name), f"not UTF-8 text (byte {exc.start})") from exc


def _elements(text: str, start: int, label: str) -> Iterator[tuple[int, Any]]:
    line, counted = text.count("\n", 0, start) + 1, start
    pos = _skip(text, start + 1)
    if text.startswith("]", pos):
        _expect_end(text, pos + 1, label)
        return
    while True:
        line, counted = line + text.count("\n", counted, pos), pos
        item, pos = _decode(text, pos, label)
        yield line, item
        pos = _skip(text, pos)
        if text.startswith(",", pos):
            pos = _skip(text, pos + 1)
        elif text.startswith("]", pos):
            _expect_end(text, pos + 1, label)
            return
        else:
            where = line + text.count("\n", counted, pos)
            raise InputError(label, "broken JSON (the array is not closed: truncated?)", where)


def _decode(text: str, pos: int, label: str) -> tuple[Any, int]:
    try:
        return _DECODER.raw_decode(text, pos)
    except json.JSONDecodeError as exc:
        raise InputError(label, f"broken JSON ({exc.msg})", exc.lineno) from exc


def _expect_end(text: str, pos: int, label: str) -> None:
    """Only white space and one optional ``;`` may follow the data."""
    rest = text[pos:].strip()
    if rest not in ("", ";"):
        line = text.count("\n", 0, pos) + 1
        raise InputError(label, "unexpected text after the data", line)


def _skip(text: str, pos: int) -> int:
    found = _SPACE.match(text, pos)
    return found.end() if found else pos
