"""JSON read as a stream of values, each with the line it starts on, in bounded memory.

X data files (``window.YTD.tweets.part0 = [ … ]``) and Mastodon collections reach a gigabyte,
so the text is decoded chunk by chunk and each value is decoded with the standard library's C
decoder (``raw_decode``) from a buffer that holds little more than that value. Its line is
counted in the text consumed, so a rejected element can be found in an editor.

Why not ``ijson`` (yajl2_c 3.6): on hostile input it crashed the process (a segmentation
fault on an integer of more than 4,300 digits) and took memory quadratic in the nesting
depth (2 GB for 30,000 ``[``); the standard decoder raises ``RecursionError`` and
``ValueError`` instead, which become one line here.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import IO, Any

from ascent.errors import InputError

CHUNK_CHARS = 1 << 20
_SPACE = re.compile(r"\s*")
_DECODER = json.JSONDecoder()
#: a decode error this close to the end of the buffer may only mean the value goes on
_NEAR_END = 8


class JsonStream:
    """The text of one member, read forwards; ``pos`` indexes the current buffer."""

    def __init__(self, fh: IO[bytes], label: str, max_value_chars: int) -> None:
        self.label, self._fh, self._max = label, fh, max_value_chars
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.buf, self.pos, self.eof = "", 0, False
        self._line, self._counted = 1, 0  # the line at buf[_counted]
        self._bytes = 0

    def line(self, pos: int | None = None) -> int:
        """The line of ``pos`` (default: the current position); positions only move on."""
        at = self.pos if pos is None else pos
        if at >= self._counted:
            self._line += self.buf.count("\n", self._counted, at)
            self._counted = at
            return self._line
        return self._line - self.buf.count("\n", at, self._counted)

    def fail(self, reason: str, pos: int | None = None) -> InputError:
        return InputError(self.label, reason, self.line(pos))

    def _more(self, wanted: int = CHUNK_CHARS) -> bool:
        """Read about ``wanted`` more characters, dropping what is consumed; False at the end."""
        if self.eof:
            return False
        self.line()  # count the dropped text's lines before it goes
        self.buf, self._counted = self.buf[self.pos :], self._counted - self.pos
        self.pos = 0
        while True:
            raw = self._fh.read(max(wanted, CHUNK_CHARS))
            try:
                text = self._decoder.decode(raw, final=not raw)
            except UnicodeDecodeError as exc:
                where = self._bytes + exc.start
                raise self.fail(f"not UTF-8 text (byte {where})", len(self.buf)) from exc
            self._bytes += len(raw)
            self.buf += text
            if not raw:
                self.eof = True
                return bool(text)
            if text:
                return True

    def skip_space(self) -> None:
        while True:
            found = _SPACE.match(self.buf, self.pos)
            self.pos = found.end() if found else self.pos
            if self.pos < len(self.buf) or not self._more():
                return

    def peek(self) -> str:
        """The next non-blank character, "" at the end of the text."""
        self.skip_space()
        return self.buf[self.pos : self.pos + 1]

    def expect(self, char: str, what: str) -> None:
        if self.peek() != char:
            raise self.fail(f"broken JSON (expected {what})")
        self.pos += 1

    def value(self) -> Any:
        """The next JSON value, whole (a value may take at most ``max_value_chars``)."""
        self.skip_space()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                into = exc.pos - self.pos  # ``_grow`` may move the value to the buffer's start
                if not self._may_go_on(exc) or not self._grow():
                    where = min(self.pos + into, len(self.buf))
                    raise self.fail(f"broken JSON ({exc.msg})", where) from exc
                continue
            except RecursionError:
                raise self.fail("JSON nested too deep to read") from None
            except ValueError as exc:  # an integer longer than Python converts (4,300 digits)
                raise self.fail(f"a JSON number too long to read ({_first(exc)})") from None
            if end == len(self.buf) and self._grow():
                continue  # a number may go on in the next chunk
            if end - self.pos > self._max:  # the same answer whatever the chunk size
                raise self.fail(self._too_large())
            self.pos = end
            return value

    def _may_go_on(self, exc: json.JSONDecodeError) -> bool:
        return exc.pos >= len(self.buf) - _NEAR_END or exc.msg.startswith("Unterminated string")

    def _grow(self) -> bool:
        """More text for the value at ``pos``: doubled each time, refused past the cap."""
        pending = len(self.buf) - self.pos
        if self.eof:
            return False
        if pending > self._max:
            raise self.fail(self._too_large())
        return self._more(pending)

    def _too_large(self) -> str:
        return f"a JSON value larger than {self._max:,} characters"

    def array_items(self) -> Iterator[tuple[int, Any]]:
        """Each element of the array at ``pos`` (after its ``[``), with its line."""
        self.expect("[", "an array")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            self.skip_space()
            line = self.line()
            yield line, self.value()
            char = self.peek()
            self.pos += 1
            if char == "]":
                return
            if char != ",":
                raise self.fail("broken JSON (the array is not closed: truncated?)", self.pos - 1)

    def expect_end(self, allowed: str = "") -> None:
        """Only white space (and ``allowed``, once) may follow the data."""
        if allowed and self.peek() == allowed:
            self.pos += 1
        if self.peek():
            raise self.fail("unexpected text after the data")


def _first(exc: BaseException) -> str:
    return str(exc).split(";")[0].split(":")[0]
