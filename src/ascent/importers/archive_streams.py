"""The byte streams ``Source`` hands out: a member's stream that counts what it gives, and a
tar's decompressed stream that refuses oversized headers while the archive is listed.

Each turns what an archive or compression library raises on damaged bytes, and every byte
past a cap, into the one-line ``InputError`` a user sees (docs/formats/limits.md).
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import tarfile
from pathlib import Path
from typing import IO, cast

from ascent.errors import InputError
from ascent.importers.limits import ENV_PREFIX, MIB

#: while a tar is listed only headers are read; a pax or GNU long-name header bigger than
#: this is a bomb aimed at the listing itself (tarfile reads such headers whole)
TAR_HEADER_BYTES = MIB
_MAGIC_GZIP, _MAGIC_BZ2, _MAGIC_XZ = b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00"


class Guarded(io.RawIOBase):
    """A member's stream that counts what it gives: past ``cap`` bytes it is an InputError,
    and so is whatever the archive library raises on damaged bytes."""

    def __init__(
        self,
        raw: IO[bytes],
        label: str,
        cap: int,
        broken: str,
        errors: tuple[type[BaseException], ...],
    ) -> None:
        super().__init__()
        self._raw, self._label, self._cap = raw, label, cap
        self._broken, self._errors, self._given = broken, errors, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        try:
            data = self._raw.read(len(buffer))
        except self._errors as exc:
            raise InputError(self._label, f"{self._broken} ({why(exc)})") from exc
        self._given += len(data)
        if self._given > self._cap:
            raise InputError(
                self._label, over("member too large to import", self._given, self._cap, "member")
            )
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


class TarStream(io.RawIOBase):
    """The decompressed bytes of a (possibly compressed) tar, for ``tarfile``.

    While the archive is listed, no single read may exceed ``TAR_HEADER_BYTES``: tarfile
    reads pax and GNU long-name headers whole, whatever size they declare.
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.header_only = True
        self._file = path.open("rb")
        inner = decompressed(self._file)
        self._inner: IO[bytes] = inner or self._file
        self.plain = inner is None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if self.header_only and (size is None or size < 0 or size > TAR_HEADER_BYTES):
            raise tarfile.ReadError(f"a header of more than {TAR_HEADER_BYTES} bytes")
        return self._inner.read(-1 if size is None else size)

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._inner.seek(offset, whence)

    def tell(self) -> int:
        return self._inner.tell()

    def close(self) -> None:
        if not self.closed:
            self._inner.close()
            self._file.close()
        super().close()


def decompressed(fh: IO[bytes]) -> IO[bytes] | None:
    """The decompressed view of a gzip, bzip2 or xz file; None for anything else."""
    head = fh.read(6)
    fh.seek(0)
    if head.startswith(_MAGIC_GZIP):
        return cast(IO[bytes], gzip.GzipFile(fileobj=fh))
    if head.startswith(_MAGIC_BZ2):
        return cast(IO[bytes], bz2.BZ2File(fh))
    if head.startswith(_MAGIC_XZ):
        return cast(IO[bytes], lzma.LZMAFile(fh))
    return None


def over(what: str, size: int, cap: int, field: str = "whole_read", whose: str = "") -> str:
    """The reason for a refused size, naming the variable that raises the cap (the ``Limits``
    field ``field``, its ``_bytes`` optional)."""
    variable = ENV_PREFIX + field.upper().removesuffix("_BYTES") + "_BYTES"
    return f"{what}: {size} bytes uncompressed{whose}, over the cap of {cap} ({variable})"


def why(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__
