"""Reading exported CSV files the way they really arrive (FORMATS §0).

Exports are not the tidy UTF-8 comma files a CSV library expects: LinkedIn wrote UTF-16 tab
files, users re-save in Excel (BOM, CRLF, ``NA``, ``;``), headers sit below a preamble and
quoted fields span lines. ``open_table`` hides all of that and streams rows together with the
*physical* line they start on, so that a rejected row can be found in a text editor.

Nothing here reads a whole file into memory: the bytes are decoded as a stream.

One field may hold up to ``FIELD_SIZE_LIMIT`` characters (real message bodies are long; the
csv module's default is 128 KB). ``csv.field_size_limit`` is process-global, so it is set
once, here, when this module is imported; every importer reads CSV through this module.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain, islice
from typing import IO, TYPE_CHECKING, cast

if TYPE_CHECKING:
    from _csv import Reader

from ascent.errors import InputError
from ascent.importers.source import Source

#: how far down a file the header row may sit (LinkedIn's ``Notes:`` block is 3 lines)
HEADER_SEARCH_ROWS = 30
#: characters read ahead to sniff the delimiter; enough for any preamble seen
SNIFF_CHARS = 64 * 1024
DELIMITERS = (",", ";", "\t")
#: the longest field (characters) a CSV may hold; a longer one is refused with its line
FIELD_SIZE_LIMIT = 16 * 1024 * 1024
_FALLBACK_ERRORS = "ascent.cp1252-fallback"
_NAME_NOISE = re.compile(r"[\s_]+")


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Decode bytes that are not UTF-8 as cp1252 (latin-1 for its 5 undefined bytes).

    A per-sequence fallback rather than a per-file guess: re-saved files can mix both.
    """
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return "".join(_cp1252_char(b) for b in bad), exc.end


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


codecs.register_error(_FALLBACK_ERRORS, _cp1252_fallback)
csv.field_size_limit(FIELD_SIZE_LIMIT)
#: the longest physical line read: a row with one field at the cap and the rest beside it
LINE_CHARS = 2 * FIELD_SIZE_LIMIT


def header_key(name: str) -> str:
    """How a column name is compared: case, spaces and underscores do not matter.

    LinkedIn renamed ``SharedURL`` to ``SharedUrl`` and wrote ``Share Link`` in 2018.
    """
    return _NAME_NOISE.sub("", name.lstrip("\ufeff").lower())


def has_columns(*names: str) -> Callable[[list[str]], bool]:
    """A header predicate: the row names every one of ``names`` (in any position)."""
    wanted = {header_key(n) for n in names}
    return lambda row: wanted <= {header_key(c) for c in row}


def cell(row: list[str], index: int | None) -> str:
    """The stripped value at ``index``; '' when the column or the cell is missing or ``NA``.

    ``NA`` is what Excel writes into empty cells when a user re-saves an export.
    """
    if index is None or index >= len(row):
        return ""
    value = row[index].strip()
    return "" if value == "NA" else value


def unix_newlines(text: str) -> str:
    """CRLF inside a quoted field (2021–2024 CRLF files) as the ``\\n`` every other era has."""
    return text.replace("\r\n", "\n") if "\r" in text else text


@dataclass(frozen=True)
class Header:
    """The header row found in a file, and where."""

    line: int
    names: tuple[str, ...]

    def slot(self, *aliases: str) -> int:
        """Like ``index``, but a missing column maps to the padding slot ``Table.cells`` adds.

        Lets hot loops index cleaned rows directly instead of calling ``cell``.
        """
        found = self.index(*aliases)
        return len(self.names) if found is None else found

    def index(self, *aliases: str) -> int | None:
        """Position of the first alias present (compared with ``header_key``), else None."""
        keys = [header_key(n) for n in self.names]
        for alias in aliases:
            key = header_key(alias)
            if key in keys:
                return keys.index(key)
        return None


@dataclass
class Table:
    """An open CSV member positioned just after its header row."""

    label: str
    encoding: str
    delimiter: str
    header: Header
    _reader: Reader
    _text: io.TextIOWrapper

    def release(self) -> None:
        """Let go of the binary stream without closing it: its opener closes it."""
        if not self._text.closed:
            self._text.detach()

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Each data row with the physical 1-based line it starts on (blank rows included)."""
        reader = self._reader
        start = reader.line_num + 1
        try:
            for row in reader:
                yield start, row
                start = reader.line_num + 1
        except (UnicodeDecodeError, csv.Error) as exc:
            raise _input_error(exc, self.label, reader.line_num, start) from exc

    def cells(self) -> Iterator[tuple[int, list[str]]]:
        """``rows`` cleaned once: stripped, ``NA`` as '', exactly one cell per column plus an
        always-empty padding slot that ``Header.slot`` points missing columns at.

        The hot loop of every big file, so it reads the csv reader itself.
        """
        width = len(self.header.names)
        pad = [""] * (width + 1)
        reader = self._reader
        start = reader.line_num + 1
        try:
            for row in reader:
                cleaned = [c.strip() for c in row]
                if "NA" in cleaned:
                    cleaned = ["" if c == "NA" else c for c in cleaned]
                if len(cleaned) == width:
                    cleaned.append("")
                else:
                    cleaned = (cleaned + pad)[: width + 1]
                    cleaned[width] = ""
                yield start, cleaned
                start = reader.line_num + 1
        except (UnicodeDecodeError, csv.Error) as exc:
            raise _input_error(exc, self.label, reader.line_num, start) from exc


def decode_stream(binary: IO[bytes]) -> tuple[io.TextIOWrapper, str]:
    """A text stream over ``binary`` (newline='' for the csv module) and the encoding used.

    The encoding is chosen by sniffing the first bytes (FORMATS §0.1): a UTF-16 BOM,
    a UTF-8 BOM (Excel), else UTF-8 with a cp1252 fallback for stray bytes.
    """
    peek = getattr(binary, "peek", None)
    if peek is None:  # a raw stream: buffer it so the BOM can be looked at, not consumed
        binary = io.BufferedReader(cast(io.RawIOBase, binary))
        peek = binary.peek
    encoding, errors = _encoding_of(peek(4)[:4])
    text = io.TextIOWrapper(binary, encoding=encoding, errors=errors, newline="")
    return text, encoding


def decode_bytes(data: bytes) -> str:
    """A whole (small) file's bytes as text, chosen the way ``decode_stream`` chooses."""
    encoding, errors = _encoding_of(data[:4])
    return data.decode(encoding, errors)


def _encoding_of(head: bytes) -> tuple[str, str]:
    """Encoding and error handler for a file starting with ``head`` (FORMATS §0.1)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "strict"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", _FALLBACK_ERRORS
    return "utf-8", _FALLBACK_ERRORS


def sniff_delimiter(sample: list[str]) -> str:
    """The candidate under which most sample rows share one width of two or more fields;
    comma on a tie.

    Consistency, not the widest row: a comma file whose text holds HTML entities
    (``&rsquo;`` ends in ``;``) splits one row widely by ``;`` but no two rows alike.
    Quote-aware (csv parses the sample), so commas inside LinkedIn's quoted preamble or in
    quoted names do not count: tab wins for UTF-16 TSV, ``;`` for European Excel re-saves.
    """
    best, best_score = ",", 0
    for delimiter in DELIMITERS:
        score = _consistency(sample, delimiter)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _consistency(sample: list[str], delimiter: str, escapechar: str | None = None) -> int:
    """How many sample rows have the most common width of 2 fields or more (0 if unparsable)."""
    try:
        widths = Counter(
            len(r)
            for r in csv.reader(sample, delimiter=delimiter, escapechar=escapechar)
            if len(r) > 1
        )
    except csv.Error:
        return 0
    return max(widths.values(), default=0)


def header_delimiter(
    sample: list[str], is_header: Callable[[list[str]], bool], escapechar: str | None = None
) -> str | None:
    """The delimiter under which the caller's header row is found in ``sample``, else None.

    When more than one finds it (a predicate that takes any row, a header of one column), one
    that splits the header into columns wins, then the one under which most rows are as wide
    as the header; comma on a tie.
    """
    best, best_score = None, (False, -1)
    for delimiter in DELIMITERS:
        reader = csv.reader(sample, delimiter=delimiter, escapechar=escapechar)
        try:
            rows = list(islice(reader, HEADER_SEARCH_ROWS * 4))
        except csv.Error:
            continue
        width = next((len(r) for r in rows[:HEADER_SEARCH_ROWS] if is_header(r)), None)
        if width is None:
            continue
        score = (width > 1, sum(len(r) == width for r in rows))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def open_table(
    binary: IO[bytes],
    label: str,
    is_header: Callable[[list[str]], bool],
    *,
    escapechar: str | None = None,
    expected: str = "a known header",
) -> Table:
    """Decode, sniff the delimiter, find the header row; ``InputError`` when there is none."""
    text, encoding = decode_stream(binary)
    try:
        return _find_header(
            text, encoding, label, is_header, escapechar=escapechar, expected=expected
        )
    except BaseException:
        text.detach()
        raise


def _find_header(
    text: io.TextIOWrapper,
    encoding: str,
    label: str,
    is_header: Callable[[list[str]], bool],
    *,
    escapechar: str | None,
    expected: str,
) -> Table:
    sample, partial = _read_sample(text, label)
    sniffed = [*sample, partial] if partial else sample
    delimiter = header_delimiter(sniffed, is_header, escapechar) or sniff_delimiter(sniffed)
    rest = _bounded_lines(text, label, len(sample) + 1, partial)
    lines = chain(sample, rest)
    reader = csv.reader(lines, delimiter=delimiter, escapechar=escapechar, doublequote=True)
    for _ in range(HEADER_SEARCH_ROWS):
        start = reader.line_num + 1
        try:
            row = next(reader, None)
        except (UnicodeDecodeError, csv.Error) as exc:
            raise _input_error(exc, label, reader.line_num, start) from exc
        if row is None:
            break
        if is_header(row):
            header = Header(reader.line_num, tuple(c.strip() for c in row))
            return Table(label, encoding, delimiter, header, reader, text)
    raise InputError(label, f"no header row found (expected {expected})")


@contextmanager
def member_table(
    source: Source,
    name: str,
    is_header: Callable[[list[str]], bool],
    *,
    escapechar: str | None = None,
    expected: str = "a known header",
) -> Iterator[Table]:
    """``open_table`` over one member of ``source``, closed when the block ends."""
    with source.open_binary(name) as binary:
        table = open_table(
            binary, source.label(name), is_header, escapechar=escapechar, expected=expected
        )
        try:
            yield table
        finally:
            table.release()


def _read_sample(text: io.TextIOWrapper, label: str) -> tuple[list[str], str]:
    """The first whole lines (up to ``SNIFF_CHARS``), and the start of a line longer than
    that ('' if none): read without ever loading a huge line."""
    lines: list[str] = []
    size = 0
    try:
        while size < SNIFF_CHARS and len(lines) < HEADER_SEARCH_ROWS * 4:
            line = text.readline(SNIFF_CHARS)
            if not line:
                break
            if len(line) == SNIFF_CHARS and not line.endswith(("\n", "\r")):
                return lines, line
            lines.append(line)
            size += len(line)
    except UnicodeDecodeError as exc:
        raise InputError(label, f"not decodable as {text.encoding} ({exc.reason})") from exc
    return lines, ""


def _bounded_lines(
    text: io.TextIOWrapper, label: str, line: int, partial: str = ""
) -> Iterator[str]:
    """The lines after the sample, ``partial`` (the start of an overlong first line) joined
    to its rest: csv ends a record at the end of each string it is given, so a line must
    reach it whole. A line over ``LINE_CHARS`` is refused before it is read whole: one
    endless line must not become a gigabyte string."""
    limit = LINE_CHARS - len(partial)
    try:
        while chunk := text.readline(limit + 1):
            if len(chunk) > limit:
                raise InputError(
                    label, f"a line is longer than {LINE_CHARS:,} characters (the cap)", line
                )
            yield partial + chunk
            partial, limit, line = "", LINE_CHARS, line + 1
    except UnicodeDecodeError as exc:
        raise InputError(label, f"not decodable text ({exc.reason})", line) from exc


def _input_error(exc: Exception, label: str, line: int, start: int | None = None) -> InputError:
    """A decoding or CSV error as the ``InputError`` a user sees (file, line, reason).

    A field over ``FIELD_SIZE_LIMIT`` is named at the line its row starts on.
    """
    if isinstance(exc, UnicodeDecodeError):
        return InputError(label, f"not decodable text ({exc.reason})", line + 1)
    if "field larger than field limit" in str(exc):
        return InputError(
            label,
            f"a field is longer than {FIELD_SIZE_LIMIT:,} characters (the cap on one CSV field)",
            start or line,
        )
    return InputError(label, f"unreadable CSV ({exc})", line)
