"""A uniform view of what the user pointed us at: a ZIP, a tar(.gz), an unpacked folder or a
single file.

Member names are matched case-insensitively by base name (FORMATS §0.6): exports may carry an
extra top folder and file names changed case across years. Tar archives (Mastodon before 4.2,
FORMATS §3) are recognised by their bytes, not their suffix, and read like a ZIP: members are
only ever opened by name, never extracted, so a ``../`` member name cannot escape anywhere.

Every read is bounded by the export's ``Limits`` (docs/formats/limits.md). A member is judged
when it is first opened, from what the archive declares, before a byte of it is inflated:
the videos and photos of an X or Takeout archive that no importer reads are never judged
(nor inflated), and a bomb an importer does open is refused before anything is committed.
A tar is the exception: it has no directory, so listing it inflates it, and the listing
itself is bounded (``_tar_members``). Every stream stops once it has given more than a member
may hold, for a header that lies or a plain file that grows.
"""

from __future__ import annotations

import gzip
import io
import lzma
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Literal

from ascent.errors import InputError
from ascent.importers.archive_streams import Guarded, TarStream, over, why
from ascent.importers.limits import DEFAULT_LIMITS, ENV_PREFIX, MIB, Limits

#: names a tar archive usually has; only used to word the error for one we cannot read
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz")
#: Office files are ZIPs inside but one file to the user: a workbook is opened as a file
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
#: what a damaged tar or gzip stream raises while it is being read
_TAR_ERRORS = (
    tarfile.TarError,
    EOFError,
    zlib.error,
    gzip.BadGzipFile,
    OSError,
    lzma.LZMAError,
    ValueError,
)
#: what a damaged, encrypted or exotic ZIP raises while it is listed or read: zipfile
#: raises RuntimeError for a password, NotImplementedError for an unknown method, struct
#: and value errors for lying zip64 records
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    zlib.error,
    RuntimeError,
    NotImplementedError,
    struct.error,
    ValueError,
    lzma.LZMAError,
)
#: what reading a file of a folder (or a single file) raises: gone, unreadable, a device error
_FILE_ERRORS = (OSError,)
#: the compression ratio is only judged above this size: tiny files inflate a lot legitimately
RATIO_FLOOR = MIB
#: how much a whole read takes at a time
READ_CHUNK = 4 * MIB
#: how a total is qualified: the members opened so far (ZIP, folder) or listed so far (tar)
_WITH_EARLIER, _UP_TO = " with the members read before it", " up to this member"
#: the caps a member read whole may be held to (fields of ``Limits``)
WholeRead = Literal["whole_read_bytes", "calendar_bytes"]


@dataclass
class Source:
    """Files of one export. ``label`` names a member the way a user recognises it."""

    path: Path
    _zip: zipfile.ZipFile | None = field(default=None, repr=False)
    _names: list[str] = field(default_factory=list, repr=False)
    single_file: bool = False
    _tar: tarfile.TarFile | None = field(default=None, repr=False)
    _tar_members: dict[str, tarfile.TarInfo] = field(default_factory=dict, repr=False)
    #: the caps this export is read under (importers consult them too)
    limits: Limits = DEFAULT_LIMITS
    #: uncompressed bytes of each member, as declared (archives) or found (files)
    _sizes: dict[str, int] = field(default_factory=dict, repr=False)
    #: compressed bytes of each ZIP member, for its compression ratio
    _packed: dict[str, int] = field(default_factory=dict, repr=False)
    #: members opened so far, and their uncompressed bytes together (the total cap's count)
    _opened: set[str] = field(default_factory=set, repr=False)
    _opened_bytes: int = field(default=0, repr=False)

    @classmethod
    def open(cls, path: Path, limits: Limits = DEFAULT_LIMITS) -> Source:
        if not path.exists():
            raise InputError(str(path), "no such file or folder")
        if path.is_dir():
            return cls._open_folder(path, limits)
        if _is_zip(path):
            if path.suffix.lower() not in WORKBOOK_SUFFIXES:
                return cls._open_zip(path, limits)
            # a workbook is one file to the user, but openpyxl opens and inflates its parts
            # itself: each is judged now, as if it were opened
            with cls._open_zip(path, limits) as book:
                for name in book.names():
                    book._admit(name)
        if _looks_like_tar(path):
            return cls._open_tar(path, limits)
        if path.suffix.lower() == ".zip":
            raise InputError(str(path), "not a readable ZIP archive (truncated or corrupt?)")
        if path.name.lower().endswith(TAR_SUFFIXES):
            raise InputError(str(path), "broken tar archive (not readable: truncated or corrupt?)")
        sizes = {path.name: path.stat().st_size}
        return cls(path.parent, None, [path.name], True, limits=limits, _sizes=sizes)

    @classmethod
    def _open_folder(cls, path: Path, limits: Limits) -> Source:
        files = sorted((p.relative_to(path).as_posix(), p) for p in path.rglob("*") if p.is_file())
        sizes = {name: p.stat().st_size for name, p in files}
        return cls(path, None, [name for name, _ in files], limits=limits, _sizes=sizes)

    @classmethod
    def _open_zip(cls, path: Path, limits: Limits) -> Source:
        try:
            zf = zipfile.ZipFile(path)
            infos = [i for i in zf.infolist() if not i.is_dir()]
        except _ZIP_ERRORS as exc:
            raise InputError(str(path), f"broken ZIP archive ({why(exc)})") from exc
        sizes = {i.filename: i.file_size for i in infos}
        packed = {i.filename: i.compress_size for i in infos}
        # a duplicate name keeps the sizes of its last copy, the one zipfile reads
        names = [i.filename for i in infos]
        return cls(path, zf, names, limits=limits, _sizes=sizes, _packed=packed)

    @classmethod
    def _open_tar(cls, path: Path, limits: Limits) -> Source:
        """List every regular member, stopping at the first header past a cap: a gzip stream
        may inflate far beyond its file, so it is never decompressed further than allowed."""
        stream = TarStream(path)
        try:
            tf = tarfile.open(fileobj=stream, mode="r:")  # noqa: SIM115 - open for the Source's life
            members = _tar_members(path, tf, limits)
        except BaseException as exc:
            stream.close()
            if isinstance(exc, _TAR_ERRORS):
                raise InputError(str(path), f"broken tar archive ({why(exc)})") from exc
            raise
        stream.header_only = False
        sizes = {name: info.size for name, info in members.items()}
        return cls(
            path, None, list(members), _tar=tf, _tar_members=members, limits=limits, _sizes=sizes
        )

    def names(self) -> list[str]:
        """Every member, as a POSIX path relative to the archive or folder root."""
        return list(self._names)

    def find(self, *base_names: str) -> list[str]:
        """Members whose base name equals one of ``base_names``, ignoring case."""
        wanted = {b.lower() for b in base_names}
        return [n for n in self._names if PurePosixPath(n).name.lower() in wanted]

    def size(self, name: str) -> int:
        """The member's uncompressed bytes as declared (archives) or found (files); 0 if
        unknown. What an importer weighs to choose how to read a member."""
        return self._sizes.get(name, 0)

    def label(self, name: str) -> str:
        if self._zip is not None or self._tar is not None:
            return f"{self.path.name}:{name}"
        return str(self.path / name)

    @contextmanager
    def open_binary(self, name: str) -> Iterator[IO[bytes]]:
        """The member's bytes, once it is judged within the caps (``_admit``), as a stream
        that stops with an ``InputError`` past the member cap and turns what a damaged archive
        raises into one."""
        self._admit(name)
        label = self.label(name)
        broken, errors = self._broken()
        try:
            raw = self._open_raw(name)
        except errors as exc:
            raise InputError(label, f"{broken} ({why(exc)})") from exc
        guarded = Guarded(raw, label, self.limits.member_bytes, broken, errors)
        with io.BufferedReader(guarded, buffer_size=64 * 1024) as fh:
            yield fh

    def _admit(self, name: str) -> None:
        """Judge a member the first time it is opened: its size, its compression ratio (a
        ZIP's) and, with every member opened before it, the total; from what was declared,
        before any of it is inflated."""
        if name in self._opened:
            return
        label, size, limits = self.label(name), self._sizes.get(name, 0), self.limits
        if size > limits.member_bytes:
            raise InputError(
                label, over("member too large to import", size, limits.member_bytes, "member")
            )
        if name in self._packed:
            _check_ratio(label, size, self._packed[name], limits)
        total = self._opened_bytes + size
        if total > limits.total_bytes:
            raise InputError(
                label,
                over(
                    "archive too large to import", total, limits.total_bytes, "total", _WITH_EARLIER
                ),
            )
        self._opened.add(name)
        self._opened_bytes = total

    def _broken(self) -> tuple[str, tuple[type[BaseException], ...]]:
        """How a failed read is worded, by what the source is, and what such a read raises."""
        if self._tar is not None:
            return "broken tar member", _TAR_ERRORS
        if self._zip is not None:
            return "broken ZIP member", _ZIP_ERRORS
        return "unreadable file", _FILE_ERRORS

    def _open_raw(self, name: str) -> IO[bytes]:
        if self._tar is not None:
            member = self._tar.extractfile(self._tar_members[name])
            if member is None:  # pragma: no cover - only regular files are listed
                raise InputError(self.label(name), "not a regular file")
            return member
        if self._zip is not None:
            return self._zip.open(name)
        return (self.path / name).open("rb")

    def read_bytes(self, name: str, cap: WholeRead = "whole_read_bytes") -> bytes:
        """A member read whole, for formats that cannot be streamed (a CAR, an ICS, a
        workbook); refused above the ``Limits`` field ``cap``, before anything is read."""
        limit: int = getattr(self.limits, cap)
        size, label = self._sizes.get(name, 0), self.label(name)
        if size > limit:
            raise InputError(label, over("too large to read whole", size, limit, cap))
        chunks, given = [], 0
        with self.open_binary(name) as fh:
            # in chunks: ``read(cap + 1)`` would allocate the whole cap up front
            while chunk := fh.read(READ_CHUNK):
                given += len(chunk)
                if given > limit:  # the declared size lied, or the file grew
                    raise InputError(label, over("too large to read whole", given, limit, cap))
                chunks.append(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
        if self._tar is not None:
            self._tar.close()
            if self._tar.fileobj is not None:
                self._tar.fileobj.close()

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _is_zip(path: Path) -> bool:
    try:
        return zipfile.is_zipfile(path)
    except _ZIP_ERRORS:  # pragma: no cover - is_zipfile already answers False for these
        return False


def _looks_like_tar(path: Path) -> bool:
    """A tar by its first header block (plain or compressed); a broken compressed stream
    counts, so that ``Source.open`` reports it as a broken archive instead of a file of
    unknown format. Only the first block is read: ``tarfile.is_tarfile`` would read a whole
    first member header, however large it claims to be."""
    try:
        with TarStream(path) as stream:
            block = stream.read(tarfile.BLOCKSIZE)
            plain = stream.plain
    except OSError:  # unreadable: left to the single-file path, as before tar support
        return False
    except (EOFError, zlib.error, lzma.LZMAError, ValueError):
        return True
    if not block.strip(b"\0"):  # zeros first: an empty archive, or a file of zeros
        return not plain and bool(block)
    try:
        tarfile.TarInfo.frombuf(block, "utf-8", "surrogateescape")
    except tarfile.HeaderError:
        return False
    return True


def _tar_members(path: Path, tf: tarfile.TarFile, limits: Limits) -> dict[str, tarfile.TarInfo]:
    """Regular members by name (without a leading ``./``), listed within the total and ratio
    caps: listing inflates every member up to the next header, so the running total (and it
    over the file's size) is judged at each header, before the stream is inflated past it.
    The member cap waits until a member is opened (``Source._admit``): a 5 GB video no
    importer reads costs only its share of the total.

    A plain tar cut inside a member header ends the listing silently (tarfile takes it for
    the end), so it must be whole 512-byte blocks; other cuts fail while it is listed.
    """
    stream = tf.fileobj
    assert isinstance(stream, TarStream)
    if stream.plain and path.stat().st_size % tarfile.BLOCKSIZE:
        raise InputError(str(path), "broken tar archive (cut short: not whole tar blocks)")
    compressed, total = path.stat().st_size, 0
    members: dict[str, tarfile.TarInfo] = {}
    while (info := tf.next()) is not None:
        if not info.isreg():
            continue
        name = info.name.removeprefix("./")
        total += info.size
        label = f"{path}:{name}"
        if total > limits.total_bytes:
            raise InputError(
                label,
                over("archive too large to import", total, limits.total_bytes, "total", _UP_TO),
            )
        _check_ratio(label, total, compressed, limits, _UP_TO)
        members[name] = info
    return members


def _check_ratio(label: str, size: int, compressed: int, limits: Limits, whose: str = "") -> None:
    """Refuse what inflates more than ``compression_ratio`` times (above ``RATIO_FLOOR``)."""
    if size > RATIO_FLOOR and size > limits.compression_ratio * max(compressed, 1):
        ratio = size // max(compressed, 1)
        what = "archive too large to import" if whose else "member too large to import"
        raise InputError(
            label,
            f"{what}: inflates {ratio}-fold ({size} bytes{whose} from {compressed}), over the "
            f"cap of {limits.compression_ratio} ({ENV_PREFIX}COMPRESSION_RATIO)",
        )
