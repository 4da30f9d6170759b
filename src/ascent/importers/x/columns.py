"""An X data file's array read as columns (issue 10): pyarrow's JSON reader, in blocks.

pyarrow reads newline-delimited JSON, not an array, so the array is cut into blocks of whole
elements at its top-level separators and each separator's comma is blanked. The separator is
found by its indentation, the one the first element has (``}, {`` at column 0 as X writes
it, ``  },\\n  {`` when pretty-printed once more): a raw line break cannot sit inside a JSON
string, and a separator wrongly found inside an element leaves two values without a comma,
which pyarrow refuses. Only the cells the rules read are converted (``explicit_schema``).

The reader takes only what it reads as ``wrapper.read_items`` does. A missing wrapper, text
after the array, broken JSON, a byte that is not UTF-8, a lone surrogate, a repeated key, a cell of
another JSON type than the schema's, an element over ``max_value_chars``, a run of 4,301
digits (an integer Python refuses) or a member over a cap raise ``Unreadable``; the first
pass (``readable``) turns that into False before anything is yielded, and the row path then
reads the file with its own error messages. Known gap: nesting deeper than Python's decoder
takes, inside a field the schema does not name, is read here where the row path refuses it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type hints
import pyarrow.json as pjson  # type: ignore[import-untyped]

from ascent.errors import InputError
from ascent.importers.limits import MIB
from ascent.importers.source import Source
from ascent.importers.x.wrapper import DATA_ASSIGNMENT, max_value_chars

#: bytes of whole elements parsed at a time; one block's columns are all that is held
BLOCK_BYTES = 4 * MIB
_BOM = b"\xef\xbb\xbf"
_SPACE = rb"[ \t\r\n]*"
#: bytes as "1" (a digit) or "0" (anything else): a run of 4,301 digits found at C speed
_DIGITS = bytes(0x31 if 0x30 <= b <= 0x39 else 0x30 for b in range(256))
_LONG_INTEGER = b"1" * 4301
_END = re.compile(rb"\}" + _SPACE + rb"\]" + _SPACE + rb";?" + _SPACE + rb"\Z")


class Unreadable(Exception):
    """The columnar reader cannot read this file as the row path would."""


@dataclass
class ItemBlock:
    """One block of a data file's elements: its cells as columns (one row per element) and
    its text, kept to find the line an element starts on and to decode a rare one whole."""

    table: pa.Table
    text: bytes
    first_line: int
    #: the byte offset of each element's ``{`` in ``text``
    starts: list[int] = field(repr=False)

    def __len__(self) -> int:
        return int(self.table.num_rows)

    def line(self, row: int) -> int:
        """The physical line element ``row`` starts on, as ``read_items`` gives it."""
        return self.first_line + self.text.count(b"\n", 0, self.starts[row])

    def element(self, row: int) -> bytes:
        """The text of element ``row``."""
        end = self.starts[row + 1] if row + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[row] : end].rstrip(b" \t\r\n,")


@dataclass(frozen=True)
class ColumnarItems:
    """A data file to be read as columns of ``schema``: proved readable, then read again."""

    source: Source
    name: str
    schema: pa.Schema

    @property
    def label(self) -> str:
        return self.source.label(self.name)

    def readable(self) -> bool:
        """Read every block once; False, before anything is yielded, if the reader gives up."""
        try:
            for _block in self._read():
                pass
        except Unreadable:
            return False
        return True

    def blocks(self) -> Iterator[ItemBlock]:
        """Every block, once ``readable`` said the file reads."""
        try:
            yield from self._read()
        except Unreadable as exc:  # the first pass read it: the member changed under us
            raise InputError(self.label, f"unreadable X data file ({exc})") from exc

    def _read(self) -> Iterator[ItemBlock]:
        try:
            with self.source.open_binary(self.name) as fh:
                yield from self._blocks(fh.read)
        except InputError as exc:
            raise Unreadable(str(exc)) from exc

    def _blocks(self, read: Callable[[int], bytes]) -> Iterator[ItemBlock]:
        buf, eof = read(BLOCK_BYTES), False
        buf = buf.removeprefix(_BOM)
        opener = buf.find(b"[")
        if opener < 0 or not _assignment(buf[:opener]):
            raise Unreadable("no window.YTD wrapper")
        after = buf[opener + 1 :]
        body = after.lstrip(b" \t\r\n")
        line = 1 + buf.count(b"\n", 0, opener + 1 + len(after) - len(body))
        separator = _separator(after[: len(after) - len(body)])
        buf = body
        limit = max_value_chars(self.source)
        while True:
            if not eof and len(buf) < BLOCK_BYTES:
                chunk = read(BLOCK_BYTES)
                eof, buf = not chunk, buf + chunk
                continue
            cut = _last(separator, buf) if not eof else None
            if cut is None and not eof:
                if len(buf) > limit:
                    raise Unreadable("an element larger than the cap")
                chunk = read(BLOCK_BYTES)
                eof, buf = not chunk, buf + chunk
                continue
            if cut is None:
                yield from self._final(buf, line, separator, limit)
                return
            end, start = cut
            yield _parsed(buf[:end], line, separator, self.schema, limit)
            line += buf.count(b"\n", 0, start)
            buf = buf[start:]

    def _final(
        self, buf: bytes, line: int, separator: re.Pattern[bytes], limit: int
    ) -> Iterator[ItemBlock]:
        if re.fullmatch(rb"\]" + _SPACE + rb";?" + _SPACE, buf):
            return  # an empty array
        end = _END.search(buf)
        if not buf.startswith(b"{") or end is None:
            raise Unreadable("the array does not end as X writes it")
        yield _parsed(buf[: end.start() + 1], line, separator, self.schema, limit)


def _assignment(prefix: bytes) -> bool:
    try:
        text = prefix.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return DATA_ASSIGNMENT.fullmatch(text) is not None


def _separator(lead: bytes) -> re.Pattern[bytes]:
    """The top-level separator, indented as the first element is (column 0 when the first
    ``{`` shares the line of the ``[``)."""
    indent = lead.rsplit(b"\n", 1)[1] if b"\n" in lead else b""
    if indent.strip(b" \t"):
        indent = b""
    return re.compile(rb"\n" + re.escape(indent) + rb"\}" + _SPACE + rb"," + _SPACE + rb"\{")


def _last(separator: re.Pattern[bytes], buf: bytes) -> tuple[int, int] | None:
    """(end of the block, start of the next element) at the last separator of ``buf``."""
    last = None
    for tail in (max(0, len(buf) - BLOCK_BYTES // 16), 0):
        for found in separator.finditer(buf, tail):
            last = found
        if last is not None:
            return last.start() + last[0].index(b"}") + 1, last.end() - 1
    return None


def _check_utf8(text: bytes) -> None:
    """pyarrow's JSON reader does not check that the text is UTF-8 (a bad byte in a field the
    schema leaves out passes): pyarrow's own check, over the bytes as they are."""
    offsets = pa.array([0, len(text)], pa.int32()).buffers()[1]
    cells = pa.Array.from_buffers(pa.string(), 1, [None, offsets, pa.py_buffer(text)])
    try:
        cells.validate(full=True)
    except pa.ArrowInvalid as exc:
        raise Unreadable("not UTF-8 text") from exc


def _parsed(
    text: bytes, line: int, separator: re.Pattern[bytes], schema: pa.Schema, limit: int
) -> ItemBlock:
    """One block parsed by pyarrow, each separator's comma blanked first."""
    if _LONG_INTEGER in text.translate(_DIGITS):
        raise Unreadable("a number of more than 4,300 digits")
    _check_utf8(text)
    joined, starts = bytearray(text), [0]
    for found in separator.finditer(text):
        joined[found.start() + found[0].index(b",")] = 0x20
        starts.append(found.end() - 1)
    sizes = itertools.pairwise([*starts, len(text)]) if len(text) > limit else ()
    if any(end - start > limit for start, end in sizes):
        raise Unreadable("an element larger than the cap")
    try:
        table = pjson.read_json(
            pa.BufferReader(joined),
            read_options=pjson.ReadOptions(use_threads=False, block_size=len(joined) + 1),
            parse_options=pjson.ParseOptions(
                explicit_schema=schema,
                unexpected_field_behavior="ignore",
                newlines_in_values=True,
            ),
        )
    except (pa.ArrowException, UnicodeDecodeError) as exc:
        raise Unreadable(str(exc)) from exc
    if table.num_rows != len(starts):  # elements side by side without a comma
        raise Unreadable("elements without a separator")
    return ItemBlock(table.combine_chunks(), text, line, starts)
