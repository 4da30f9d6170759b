"""The columnar path for LinkedIn's big CSV files (issue 10): pyarrow's CSV reader, in blocks.

Why: parsing was ~21 s of a 36 s 1M-message import, nearly all of it per-row Python (cell
cleaning, URL and date parsing, one object per row). Here a file is read by pyarrow's C
reader block by block (``BLOCK_BYTES`` at a time, so memory stays bounded), its cells are
cleaned as columns, and a per-file module transforms them as columns, calling the row path's
own per-cell functions only once per distinct value (``distinct``).

Which path reads a file is ``read_path``'s choice. The columnar reader takes only what it
reads exactly as the row path does: UTF-8 (a BOM allowed), comma-separated, every row as wide
as the header, no row longer than a block. Anything else (another encoding or delimiter,
undecodable bytes, a short or long row, a whitespace-only line, a member over a cap) makes
the first pass give up (``ColumnarFile.first_pass`` answers False) *before anything is
yielded*, and the caller reads the file row by row: every error message and line number is
the row path's own.

Line numbers: the row path reports the physical line a row starts on. A row here spans one
line plus the line breaks inside its quoted cells (``\\n``, ``\\r\\n`` or a lone ``\\r``, as
the csv module counts them); blank lines are kept as rows of empty cells so they count too.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type hints
import pyarrow.compute as pc  # type: ignore[import-untyped]
import pyarrow.csv as pcsv  # type: ignore[import-untyped]

from ascent.errors import InputError
from ascent.importers.limits import MIB
from ascent.importers.source import Source
from ascent.importers.textfiles import SNIFF_CHARS, Table

#: bytes pyarrow parses at a time: one block's columns are all that is held; a row longer
#: than this is not read here (the row path reads it, up to its own field cap)
BLOCK_BYTES = 4 * MIB
#: encodings (as ``textfiles`` names them) whose bytes pyarrow reads as they are
_UTF8 = ("utf-8", "utf-8-sig")
_EMPTY = pa.scalar("", pa.string())


class Unreadable(Exception):
    """The columnar reader cannot read this file as the row path would; read it row by row."""


@dataclass
class Block:
    """One block of a file's rows: its cells as columns, and the line its first row starts on."""

    batch: pa.RecordBatch
    first_line: int
    _clean: dict[int, pa.Array] = field(default_factory=dict, repr=False)
    _breaks: pa.Array | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return int(self.batch.num_rows)

    def cell(self, slot: int) -> pa.Array:
        """Column ``slot`` cleaned as ``Table.cells`` cleans a cell: stripped, ``NA`` as '';
        the padding slot (a column the header lacks, ``Header.slot``) as all ''."""
        found = self._clean.get(slot)
        if found is None:
            if slot >= self.batch.num_columns:
                found = pa.array([""] * len(self), pa.string())
            else:
                found = clean(self.batch.column(slot))
            self._clean[slot] = found
        return found

    def any_cell(self) -> pa.Array:
        """Per row: does any cell hold something once cleaned (``any(row)`` of the row path)?"""
        filled = [pc.not_equal(self.cell(i), _EMPTY) for i in range(self.batch.num_columns)]
        return _any(filled)

    def empty(self) -> pa.Array:
        """Per row: is every cell the empty string, white space counting as something
        (``not any(row)`` of a raw row)?"""
        return _all([pc.equal(column, _EMPTY) for column in self.batch.columns])

    def blank(self) -> pa.Array:
        """Per row: is every cell only white space (``dates.dated_rows`` skips such rows)?
        Unlike ``any_cell``, an ``NA`` counts as something here, as it does there."""
        empty = [pc.equal(pc.utf8_trim_whitespace(column), _EMPTY) for column in self.batch.columns]
        return _all(empty)

    def line_count(self) -> int:
        """The physical lines the block's rows span."""
        return len(self) + sum(_line_breaks(column) for column in self.batch.columns)

    def lines(self) -> list[int]:
        """The physical line each row starts on."""
        breaks = self._row_breaks()
        before = pc.subtract(pc.cumulative_sum(breaks), breaks)
        starts = pc.add(before, pa.array(range(self.first_line, self.first_line + len(self))))
        return [int(n) for n in starts.to_pylist()]

    def _row_breaks(self) -> pa.Array:
        """Line breaks inside each row's cells, counted as the csv module's lines count them."""
        if self._breaks is None:
            total = pa.array([0] * len(self), pa.int64())
            for column in self.batch.columns:
                total = pc.add(total, _breaks(column))
            self._breaks = total
        return self._breaks


def clean(column: pa.Array) -> pa.Array:
    """Stripped (``utf8_trim_whitespace`` trims what ``str.strip`` does), ``NA`` as ''."""
    trimmed = pc.utf8_trim_whitespace(column)
    return pc.if_else(pc.equal(trimmed, "NA"), _EMPTY, trimmed)


def _all(flags: list[pa.Array]) -> pa.Array:
    result = flags[0]
    for flag in flags[1:]:
        result = pc.and_(result, flag)
    return result


def _any(flags: list[pa.Array]) -> pa.Array:
    result = flags[0]
    for flag in flags[1:]:
        result = pc.or_(result, flag)
    return result


def _line_breaks(column: pa.Array) -> int:
    """Line breaks in all of a column's cells, counted at C speed over its bytes: ``\n`` +
    ``\r`` − ``\r\n``, less the CRLF pairs that are only a cell ending in CR followed by
    one starting with LF (two breaks, not one)."""
    text = _text(column)
    if b"\r" not in text:
        return text.count(b"\n")
    pairs = text.count(b"\r\n")
    filled = column.filter(pc.greater(pc.binary_length(column), 0))  # back to back in ``text``
    if len(filled) > 1:
        ends, starts = pc.ends_with(filled, "\r")[:-1], pc.starts_with(filled, "\n")[1:]
        pairs -= int(pc.sum(pc.and_(ends, starts).cast(pa.int64())).as_py() or 0)
    return text.count(b"\n") + text.count(b"\r") - pairs


def _text(column: pa.Array) -> bytes:
    """A string column's cells back to back: its data buffer between its first and last offset."""
    _validity, offsets, data = column.buffers()
    if offsets is None or data is None:
        return b""
    first, last = (
        struct.unpack_from("=i", offsets, 4 * at)[0]
        for at in (column.offset, column.offset + len(column))
    )
    return memoryview(data)[first:last].tobytes()


def _breaks(column: pa.Array) -> pa.Array:
    """``\\n`` + ``\\r`` − ``\\r\\n`` per cell; the CR counts only when a cell has one."""
    newlines = pc.count_substring(column, "\n").cast(pa.int64())
    if not pc.any(pc.match_substring(column, "\r")).as_py():
        return newlines
    returns = pc.count_substring(column, "\r").cast(pa.int64())
    pairs = pc.count_substring(column, "\r\n").cast(pa.int64())
    return pc.subtract(pc.add(newlines, returns), pairs)


@dataclass(frozen=True)
class ColumnarFile:
    """A member whose header the row path found (``table``), to be read again in blocks."""

    source: Source
    name: str
    table: Table
    #: the escape character the row path reads the file with (Comments.csv's ``\\``)
    escapechar: str | None = None

    @property
    def label(self) -> str:
        return self.table.label

    def first_pass(self, visit: Callable[[Block], None]) -> bool:
        """``visit`` every block; False, before anything is yielded, if the reader gives up
        (or ``visit`` does, raising ``Unreadable`` for rows that need the row path's rules).

        Its blocks know no line numbers (``Block.lines``): counting them is the second pass's.
        """
        try:
            for block in self._read(count_lines=False):
                visit(block)
        except Unreadable:
            return False
        return True

    def blocks(self) -> Iterator[Block]:
        """Every block, once ``first_pass`` has read the file through without giving up."""
        try:
            yield from self._read()
        except Unreadable as exc:  # the first pass read it: the member changed under us
            raise InputError(self.label, f"unreadable CSV ({exc})") from exc

    def _read(self, *, count_lines: bool = True) -> Iterator[Block]:
        header, width = self.table.header, len(self.table.header.names)
        line = header.line + 1
        with _opened(self.source, self.name) as binary:
            _skip_lines(binary, header.line)
            if not binary.peek(1):  # type: ignore[attr-defined]  # a BufferedReader
                return  # a header alone (pyarrow would call it an empty CSV file)
            reader = _reader(binary, width, self.escapechar)
            try:
                while (batch := _next_batch(reader)) is not None:
                    block = Block(batch, line)
                    yield block
                    if count_lines:
                        line += block.line_count()
            finally:  # stop pyarrow's read-ahead before the stream it reads is closed
                reader.close()


def columnar_file(
    source: Source, name: str, table: Table, escapechar: str | None = None
) -> ColumnarFile | None:
    """The member as a ``ColumnarFile`` when its dialect can be read so, else None."""
    if table.encoding not in _UTF8 or table.delimiter != ",":
        return None
    return ColumnarFile(source, name, table, escapechar)


@contextmanager
def _opened(source: Source, name: str) -> Iterator[IO[bytes]]:
    """The member's bytes; a cap or a broken archive is the row path's to report."""
    try:
        with source.open_binary(name) as binary:
            yield binary
    except InputError as exc:
        raise Unreadable(str(exc)) from exc


def _skip_lines(binary: IO[bytes], count: int) -> None:
    """Read past the preamble and the header: ``count`` physical lines ending in ``\\n``."""
    for _ in range(count):
        line = binary.readline(SNIFF_CHARS * 4)
        if not line.endswith(b"\n") or line.count(b"\r") != line.count(b"\r\n"):
            raise Unreadable("a line before the data does not end as expected")


def _reader(binary: IO[bytes], width: int, escapechar: str | None) -> pcsv.CSVStreamingReader:
    names = [f"c{i}" for i in range(width)]
    try:
        return pcsv.open_csv(
            binary,
            read_options=pcsv.ReadOptions(column_names=names, block_size=BLOCK_BYTES),
            parse_options=pcsv.ParseOptions(
                delimiter=",",
                quote_char='"',
                double_quote=True,
                escape_char=escapechar or False,
                newlines_in_values=True,
                ignore_empty_lines=False,
            ),
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowException, InputError) as exc:
        raise Unreadable(str(exc)) from exc


def _next_batch(reader: pcsv.CSVStreamingReader) -> pa.RecordBatch | None:
    try:
        return reader.read_next_batch()
    except StopIteration:
        return None
    except (pa.ArrowException, InputError) as exc:
        raise Unreadable(str(exc)) from exc


@dataclass(frozen=True)
class Distinct:
    """Rows by their distinct combination of values: ``codes[i]`` numbers row ``i``'s
    combination, ``values[code]`` is that combination. Lets a per-cell Python function run
    once per distinct value (a thread's recipients, a sender's URL) instead of once per row."""

    codes: pa.Array
    values: list[tuple[Any, ...]]

    def map(self, function: Callable[..., object]) -> list[object]:
        """``function`` of each combination, in code order."""
        return [function(*combination) for combination in self.values]

    def take(self, results: Sequence[object], kind: pa.DataType) -> pa.Array:
        """Each row's result, from ``results`` in code order."""
        return pc.take(pa.array(results, kind), self.codes)

    def filter(self, mask: pa.Array) -> Distinct:
        """The same combinations, for the rows ``mask`` keeps."""
        return Distinct(self.codes.filter(mask), self.values)


def distinct(*columns: pa.Array) -> Distinct:
    """The distinct combinations of ``columns`` (nulls included), numbered by first sight."""
    codes: pa.Array = pa.array([0] * len(columns[0]), pa.int64())
    values: list[tuple[Any, ...]] = [()]
    for column in columns:
        encoded = pc.dictionary_encode(column, null_encoding="encode")
        dictionary = encoded.dictionary.to_pylist()
        size = len(dictionary)
        paired = pc.add(pc.multiply(codes, size), encoded.indices.cast(pa.int64()))
        dense = pc.dictionary_encode(paired)
        values = [values[p // size] + (dictionary[p % size],) for p in dense.dictionary.to_pylist()]
        codes = dense.indices.cast(pa.int64())
    return Distinct(codes, values)
