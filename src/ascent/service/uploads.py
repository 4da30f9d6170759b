"""Uploaded exports in the spool: saved under their own names, checked, named back.

An upload is saved under its own file name (format detection may read it; any path part is
dropped) in a folder of its own under the spool (``Settings.spool_dir``), where it waits for
its background import; reports, errors and the import history name the files as the user
named them, never that folder.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ascent.errors import InputError
from ascent.importers.limits import Limits
from ascent.importers.registry import open_source
from ascent.service.imports import check_exports

#: what a seller or a lead may upload: one person's own exports, whose every record is the
#: chosen person's. Formats whose rows name their people (Ascent CSV, CRM deals matched to
#: their owners) could write other people's data, so only an admin imports those.
PERSONAL_FORMATS = frozenset({"linkedin", "x", "mastodon", "bluesky", "ics"})
#: the longest file name kept (the extension is kept whole)
NAME_CHARS = 120
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f/\\:]+")
_FOLDER = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True, slots=True)
class Upload:
    """One uploaded file: the name the browser sent and its content."""

    filename: str
    stream: IO[bytes]


def spool_uploads(
    spool: Path, uploads: Sequence[Upload], *, limits: Limits, personal_only: bool
) -> tuple[Path, list[Path]]:
    """Save the uploads in a new folder of the spool and check them (opened and detected);
    the folder and the paths. A bad file is the CLI's one-line ``InputError`` (naming it as
    uploaded) and nothing is left in the spool."""
    folder = spool / secrets.token_hex(16)
    folder.mkdir(parents=True, mode=0o700)
    try:
        paths = _save(folder, uploads)
        check_exports(paths=paths, limits=limits)
        if personal_only:
            _personal_only(paths, limits)
    except InputError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise SpoolNames(folder).error(exc) from exc
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder, paths


def spooled_folder(spool: Path, name: object) -> Path | None:
    """The spool folder a job names, or None when the name is not one ``spool_uploads``
    made (nothing outside the spool is ever read or removed)."""
    if not isinstance(name, str) or not _FOLDER.fullmatch(name):
        return None
    return spool / name


def safe_file_name(filename: str, index: int) -> str:
    """The uploaded file's own name: no folder part, no control character, not too long."""
    name = _UNSAFE.sub(" ", filename.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    if name in ("", ".", ".."):
        return f"upload-{index + 1}"
    stem, dot, suffix = name.rpartition(".")
    if dot and stem and len(suffix) < NAME_CHARS // 2:
        return f"{stem[: NAME_CHARS - len(suffix) - 1]}.{suffix}"
    return name[:NAME_CHARS]


class SpoolNames:
    """Turns the spool folder's paths back into the uploaded file names."""

    def __init__(self, folder: Path) -> None:
        self.prefix = str(folder).rstrip(os.sep) + os.sep

    def text(self, value: str) -> str:
        return value.replace(self.prefix, "")

    def data(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.data(v) for v in value]
        if isinstance(value, dict):
            return {
                self.text(k) if isinstance(k, str) else k: self.data(v) for k, v in value.items()
            }
        return value

    def error(self, exc: InputError) -> InputError:
        return type(exc)(self.text(exc.file), self.text(exc.reason), exc.line)


def _save(folder: Path, uploads: Sequence[Upload]) -> list[Path]:
    """Write each upload under its own name (a repeated name gets ``-2``, ``-3`` …)."""
    paths: list[Path] = []
    for index, upload in enumerate(uploads):
        name = Path(safe_file_name(upload.filename, index))
        path, n = folder / name, 2
        while path in paths:
            path, n = folder / f"{name.stem}-{n}{name.suffix}", n + 1
        with path.open("xb") as out:
            shutil.copyfileobj(upload.stream, out)
        paths.append(path)
    return paths


def _personal_only(paths: list[Path], limits: Limits) -> None:
    """Refuse an export whose rows may name other people (see ``PERSONAL_FORMATS``)."""
    for path in paths:
        source, importer = open_source(path, limits)
        source.close()
        if importer.name not in PERSONAL_FORMATS:
            allowed = ", ".join(sorted(PERSONAL_FORMATS))
            raise InputError(
                str(path),
                f"a {importer.name} export names people in its rows: only an admin may import "
                f"it (yours: {allowed})",
            )
