"""What the fuzz suite shares: the fixture exports of each importer, the mutations applied to
them, and the one check every case must pass.

The check calls ``Source.open``, ``detect_format`` and consumes ``importer.parse`` directly:
``service.imports`` turns every exception into an ``InputError`` at its boundary, so going
through it would make these tests unable to fail.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ascent.errors import AscentError
from ascent.importers.limits import DEFAULT_LIMITS, Limits
from ascent.importers.registry import detect_format, importers
from ascent.importers.source import Source

FIXTURES = Path(__file__).parents[1] / "fixtures"
#: fixture files that are not export data (golden outputs, generators)
NOT_DATA = {"expected.json", "make_fixtures.py", "make_xlsx.py"}
#: records consumed per case at most: a mutated fixture is small, more means a runaway
MAX_RECORDS = 100_000


@dataclass(frozen=True)
class Export:
    """A fixture export (folder or single file) and the importer that claims it."""

    path: Path
    importer: str

    def members(self) -> list[Path]:
        """Its data files, relative to the export (itself when it is one file)."""
        if self.path.is_file():
            return [Path(self.path.name)]
        found = (p for p in sorted(self.path.rglob("*")) if p.is_file())
        return [p.relative_to(self.path) for p in found if p.name not in NOT_DATA]

    def copy(self, target: Path) -> Path:
        """A copy under ``target`` that a case may change."""
        if self.path.is_file():
            target.mkdir(parents=True, exist_ok=True)
            return Path(shutil.copy(self.path, target / self.path.name))
        copied = target / self.path.name
        shutil.copytree(self.path, copied, ignore=shutil.ignore_patterns(*NOT_DATA))
        return copied


def importer_names() -> list[str]:
    return [i.name for i in importers()]


@cache
def exports() -> dict[str, list[Export]]:
    """Every fixture folder or file claimed by an importer, by importer name."""
    claimed: dict[str, list[Export]] = {name: [] for name in importer_names()}
    for candidate in _candidates():
        try:
            with Source.open(candidate) as source:
                name = detect_format(source).name
        except AscentError:
            continue
        claimed[name].append(Export(candidate, name))
    return claimed


def _candidates() -> list[Path]:
    """Folders two levels down (``<source>/<era>``) and the files that are exports alone."""
    found: list[Path] = []
    for source in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        for era in sorted(source.iterdir()):
            if era.is_dir():
                found.append(era)
                found += sorted(era.glob("*.car")) + sorted(era.glob("*.xlsx"))
            elif era.suffix in {".csv", ".car", ".ics"}:
                found.append(era)
    return found


def check(path: Path, limits: Limits = DEFAULT_LIMITS) -> int:
    """Records read from ``path``; an ``AscentError`` (one line) is a pass too, returned as -1.

    Anything else propagates and fails the test, as does a runaway number of records.
    """
    try:
        with Source.open(path, limits) as source:
            importer = detect_format(source)
            count = 0
            for _ in importer.parse(source):
                count += 1
                assert count <= MAX_RECORDS, f"{importer.name} keeps yielding records"
            return count
    except AscentError as exc:
        if "\n" in str(exc):
            raise AssertionError(f"an error of more than one line: {exc!r}") from exc
        return -1


Mutation = Callable[[bytes, int, int], bytes]


def flip(data: bytes, at: int, arg: int) -> bytes:
    """One byte XOR-ed with a non-zero mask."""
    if not data:
        return data
    i = at % len(data)
    return data[:i] + bytes([data[i] ^ (arg % 255 + 1)]) + data[i + 1 :]


def truncate(data: bytes, at: int, _arg: int) -> bytes:
    return data[: at % (len(data) + 1)]


def insert(data: bytes, at: int, arg: int) -> bytes:
    """A run of one of the bytes parsers care about most."""
    i = at % (len(data) + 1)
    run = bytes([b'\x00\n\r",;{[<\\'[arg % 10]]) * (arg % 64 + 1)
    return data[:i] + run + data[i:]


def duplicate(data: bytes, at: int, arg: int) -> bytes:
    """A chunk repeated in place (a header twice, an event twice, a key twice)."""
    i = at % (len(data) + 1)
    chunk = data[i : i + arg % 512 + 1]
    return data[:i] + chunk * 2 + data[i + len(chunk) :]


def swap_lines(data: bytes, at: int, arg: int) -> bytes:
    """Two lines exchanged (a header below its rows, an END before its BEGIN)."""
    lines = data.split(b"\n")
    if len(lines) < 2:
        return data
    i, j = at % len(lines), arg % len(lines)
    lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


#: digits ``str.isdigit`` takes: ``int`` refuses ``²`` and ``¹``, reads ``٣``, ``７``, ``𝟙``
EXOTIC_DIGITS = "²٣７𝟙¹"
_ASCII_DIGIT = re.compile(rb"[0-9]")
_ASCII_DIGIT_UTF16 = re.compile(rb"[0-9]\x00")


def exotic_digit(data: bytes, at: int, arg: int) -> bytes:
    """One ASCII digit replaced by a non-ASCII one, in the file's encoding (UTF-16LE after its
    BOM, else UTF-8): an id or count that is "all digits" but not ASCII."""
    utf16 = data.startswith(b"\xff\xfe")
    found = (_ASCII_DIGIT_UTF16 if utf16 else _ASCII_DIGIT).finditer(data)
    spots = [m.start() for m in found if not utf16 or m.start() % 2 == 0]
    if not spots:
        return data
    i = spots[at % len(spots)]
    digit = EXOTIC_DIGITS[arg % len(EXOTIC_DIGITS)].encode("utf-16-le" if utf16 else "utf-8")
    return data[:i] + digit + data[i + (2 if utf16 else 1) :]


MUTATIONS: tuple[Mutation, ...] = (flip, truncate, insert, duplicate, swap_lines, exotic_digit)
