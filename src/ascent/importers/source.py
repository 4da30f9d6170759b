"""A uniform view of what the user pointed us at: a ZIP, an unpacked folder or a single file.

Member names are matched case-insensitively by base name (FORMATS §0.6): exports may carry an
extra top folder and file names changed case across years.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from ascent.errors import InputError

#: refuse members that would inflate beyond this (ZIP bombs); a real export is far smaller
MAX_MEMBER_BYTES = 8 * 1024**3


@dataclass
class Source:
    """Files of one export. ``label`` names a member the way a user recognises it."""

    path: Path
    _zip: zipfile.ZipFile | None = field(default=None, repr=False)
    _names: list[str] = field(default_factory=list, repr=False)
    single_file: bool = False

    @classmethod
    def open(cls, path: Path) -> Source:
        if not path.exists():
            raise InputError(str(path), "no such file or folder")
        if path.is_dir():
            names = sorted(p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file())
            return cls(path, None, names)
        if zipfile.is_zipfile(path):
            try:
                zf = zipfile.ZipFile(path)
                names = [i.filename for i in zf.infolist() if not i.is_dir()]
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise InputError(str(path), f"broken ZIP archive ({exc})") from exc
            for info in zf.infolist():
                if info.file_size > MAX_MEMBER_BYTES:
                    raise InputError(f"{path}:{info.filename}", "member too large to import")
            return cls(path, zf, names)
        if path.suffix.lower() == ".zip":
            raise InputError(str(path), "not a readable ZIP archive (truncated or corrupt?)")
        return cls(path.parent, None, [path.name], single_file=True)

    def names(self) -> list[str]:
        """Every member, as a POSIX path relative to the archive or folder root."""
        return list(self._names)

    def find(self, *base_names: str) -> list[str]:
        """Members whose base name equals one of ``base_names``, ignoring case."""
        wanted = {b.lower() for b in base_names}
        return [n for n in self._names if PurePosixPath(n).name.lower() in wanted]

    def label(self, name: str) -> str:
        if self._zip is not None:
            return f"{self.path.name}:{name}"
        return str(self.path / name)

    @contextmanager
    def open_binary(self, name: str) -> Iterator[IO[bytes]]:
        try:
            if self._zip is not None:
                with self._zip.open(name) as fh:
                    yield fh
            else:
                with (self.path / name).open("rb") as fh:
                    yield fh
        except (zipfile.BadZipFile, EOFError) as exc:
            raise InputError(self.label(name), f"broken ZIP member ({exc})") from exc

    def read_bytes(self, name: str) -> bytes:
        with self.open_binary(name) as fh:
            return fh.read()

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
