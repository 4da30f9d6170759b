"""A uniform view of what the user pointed us at: a ZIP, a tar(.gz), an unpacked folder or a
single file.

Member names are matched case-insensitively by base name (FORMATS §0.6): exports may carry an
extra top folder and file names changed case across years. Tar archives (Mastodon before 4.2,
FORMATS §3) are recognised by their bytes, not their suffix, and read like a ZIP: members are
only ever opened by name, never extracted, so a ``../`` member name cannot escape anywhere.
"""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from ascent.errors import InputError
from ascent.importers.limits import DEFAULT_LIMITS, Limits

#: names a tar archive usually has; only used to word the error for one we cannot read
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz")
#: Office files are ZIPs inside but one file to the user: a workbook is opened as a file
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
#: what a damaged tar or gzip stream raises while it is being read
_TAR_ERRORS = (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile)


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

    @classmethod
    def open(cls, path: Path, limits: Limits = DEFAULT_LIMITS) -> Source:
        if not path.exists():
            raise InputError(str(path), "no such file or folder")
        if path.is_dir():
            names = sorted(p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file())
            return cls(path, None, names, limits=limits)
        if zipfile.is_zipfile(path) and path.suffix.lower() not in WORKBOOK_SUFFIXES:
            try:
                zf = zipfile.ZipFile(path)
                names = [i.filename for i in zf.infolist() if not i.is_dir()]
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise InputError(str(path), f"broken ZIP archive ({exc})") from exc
            for info in zf.infolist():
                if info.file_size > limits.member_bytes:
                    raise InputError(f"{path}:{info.filename}", "member too large to import")
            return cls(path, zf, names, limits=limits)
        if _looks_like_tar(path):
            return cls._open_tar(path, limits)
        if path.suffix.lower() == ".zip":
            raise InputError(str(path), "not a readable ZIP archive (truncated or corrupt?)")
        if path.name.lower().endswith(TAR_SUFFIXES):
            raise InputError(str(path), "broken tar archive (not readable: truncated or corrupt?)")
        return cls(path.parent, None, [path.name], single_file=True, limits=limits)

    @classmethod
    def _open_tar(cls, path: Path, limits: Limits) -> Source:
        """List every regular member (reading a .tar.gz through once: truncation shows here)."""
        try:
            tf = tarfile.open(path, "r:*")  # noqa: SIM115 - open for the Source's life, like _zip
        except (*_TAR_ERRORS, OSError) as exc:
            raise InputError(str(path), f"broken tar archive ({exc})") from exc
        try:
            members = _tar_members(path, tf, limits)
        except BaseException:
            tf.close()
            raise
        return cls(path, None, list(members), _tar=tf, _tar_members=members, limits=limits)

    def names(self) -> list[str]:
        """Every member, as a POSIX path relative to the archive or folder root."""
        return list(self._names)

    def find(self, *base_names: str) -> list[str]:
        """Members whose base name equals one of ``base_names``, ignoring case."""
        wanted = {b.lower() for b in base_names}
        return [n for n in self._names if PurePosixPath(n).name.lower() in wanted]

    def label(self, name: str) -> str:
        if self._zip is not None or self._tar is not None:
            return f"{self.path.name}:{name}"
        return str(self.path / name)

    @contextmanager
    def open_binary(self, name: str) -> Iterator[IO[bytes]]:
        if self._tar is not None:
            with self._open_tar_member(self._tar, name) as member:
                yield member
            return
        try:
            if self._zip is not None:
                with self._zip.open(name) as fh:
                    yield fh
            else:
                with (self.path / name).open("rb") as fh:
                    yield fh
        except (zipfile.BadZipFile, EOFError) as exc:
            raise InputError(self.label(name), f"broken ZIP member ({exc})") from exc

    @contextmanager
    def _open_tar_member(self, tf: tarfile.TarFile, name: str) -> Iterator[IO[bytes]]:
        try:
            member = tf.extractfile(self._tar_members[name])
            if member is None:  # pragma: no cover - only regular files are listed
                raise InputError(self.label(name), "not a regular file")
            with member:
                yield member
        except _TAR_ERRORS as exc:
            raise InputError(self.label(name), f"broken tar member ({exc})") from exc

    def read_bytes(self, name: str) -> bytes:
        with self.open_binary(name) as fh:
            return fh.read()

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
        if self._tar is not None:
            self._tar.close()

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _looks_like_tar(path: Path) -> bool:
    """A tar by its bytes (plain or compressed); a broken compressed stream counts, so that
    ``Source.open`` reports it as a broken archive instead of a file of unknown format."""
    try:
        return tarfile.is_tarfile(path)
    except (EOFError, zlib.error):
        return True
    except OSError:  # unreadable: left to the single-file path, as before tar support
        return False


def _tar_members(
    path: Path, tf: tarfile.TarFile, limits: Limits
) -> dict[str, tarfile.TarInfo]:
    """Regular members by name (without a leading ``./``), checked like ZIP members.

    A plain tar cut inside a member header ends the listing silently (tarfile takes it for
    the end), so it must be whole 512-byte blocks; other cuts fail while it is listed.
    """
    try:
        infos = [i for i in tf.getmembers() if i.isreg()]
    except _TAR_ERRORS as exc:
        raise InputError(str(path), f"broken tar archive ({exc})") from exc
    plain = isinstance(tf.fileobj, io.BufferedReader)  # not a compressed stream
    if plain and path.stat().st_size % tarfile.BLOCKSIZE:
        raise InputError(str(path), "broken tar archive (cut short: not whole tar blocks)")
    members: dict[str, tarfile.TarInfo] = {}
    for info in infos:
        if info.size > limits.member_bytes:
            raise InputError(f"{path}:{info.name}", "member too large to import")
        members[info.name.removeprefix("./")] = info
    return members
