"""The imports page's use cases: whom a viewer may import for, uploaded exports imported
exactly as ``ascent import`` imports files, and the import history of the people they see.

An upload is saved under its own file name (format detection may read it; any path part is
dropped) in a temporary folder that is gone when the import ends; reports, errors and the
import history name the files as the user named them, never that folder.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import IO, Any

from sqlalchemy import select

from ascent.errors import InputError
from ascent.importers.limits import DEFAULT_LIMITS, Limits
from ascent.importers.registry import open_source
from ascent.service.directory import find_person
from ascent.service.imports import check_exports, import_paths, report_lines
from ascent.service.visibility import Viewer, sees_person
from ascent.store.models import ImportBatch, Person, Team
from ascent.store.scope import UnitOfWork

#: what a seller or a lead may upload: one person's own exports, whose every record is the
#: chosen person's. Formats whose rows name their people (Ascent CSV, CRM deals matched to
#: their owners) could write other people's data, so only an admin imports those.
PERSONAL_FORMATS = frozenset({"linkedin", "x", "mastodon", "bluesky", "ics"})
#: how many past imports the page lists
HISTORY_ROWS = 100
#: the longest file name kept (the extension is kept whole)
NAME_CHARS = 120
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f/\\:]+")


@dataclass(frozen=True, slots=True)
class Upload:
    """One uploaded file: the name the browser sent and its content."""

    filename: str
    stream: IO[bytes]


@dataclass(frozen=True, slots=True)
class ImportPerson:
    id: int
    person: str
    email: str | None
    team: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "person": self.person, "email": self.email, "team": self.team}


@dataclass(frozen=True, slots=True)
class PastImport:
    """One import batch (one export of one import) as the history lists it."""

    id: int
    person: str | None
    format: str
    file: str
    started_at: str
    finished_at: str | None
    report: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        counts = self.report.get("counts") or {}
        return {
            "id": self.id,
            "person": self.person,
            "format": self.format,
            "file": self.file,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "counts": dict(sorted(counts.items())),
            "added": sum(counts.values()),
            "duplicates": self.report.get("duplicates", 0),
            "skipped": self.report.get("skipped", 0),
        }


@dataclass
class ImportsView:
    """The page: whom the viewer may import for, the last import's report, the history."""

    people: list[ImportPerson]
    history: list[PastImport]
    selected: int | None
    #: ``ImportReport.to_dict()`` of the import just made, file names as uploaded
    report: dict[str, Any] | None = None
    #: the one-line error of a refused upload (nothing was written)
    error: str | None = None
    formats: list[str] = field(default_factory=lambda: sorted(PERSONAL_FORMATS))

    def to_dict(self) -> dict[str, Any]:
        return {
            "people": [p.to_dict() for p in self.people],
            "selected": self.selected,
            "report": self.report,
            "report_lines": report_lines(self.report) if self.report else [],
            "error": self.error,
            "history": [h.to_dict() for h in self.history],
        }


def imports_page(
    uow: UnitOfWork,
    *,
    viewer: Viewer,
    selected: int | None = None,
    report: dict[str, Any] | None = None,
    error: str | None = None,
) -> ImportsView:
    """The imports page of ``viewer``, after an import (``report``) or a refused one (``error``)."""
    people = importable_people(uow, viewer=viewer)
    chosen = selected if selected is not None else viewer.person_id
    if chosen is None and people:
        chosen = people[0].id
    formats = sorted(PERSONAL_FORMATS) if viewer.role != "admin" else []
    history = import_history(uow, viewer=viewer)
    return ImportsView(people, history, chosen, report, error, formats)


def importable_people(uow: UnitOfWork, *, viewer: Viewer) -> list[ImportPerson]:
    """A seller themself, a lead the people of their team, an admin everyone in the org."""
    query = (
        select(Person.id, Person.name, Person.email, Team.name)
        .join(Team, Team.id == Person.team_id)
        .where(sees_person(viewer))
        .order_by(Team.name, Person.name, Person.id)
    )
    return [ImportPerson(*row) for row in uow.session.execute(query)]


def import_history(uow: UnitOfWork, *, viewer: Viewer) -> list[PastImport]:
    """The import batches of the people ``viewer`` sees, newest first (an admin also sees
    the imports that belong to nobody, such as CRM outcomes)."""
    b = ImportBatch
    query = select(b, Person.name).outerjoin(Person, Person.id == b.person_id)
    if viewer.role != "admin":
        query = query.where(b.person_id.is_not(None), sees_person(viewer))
    query = query.order_by(b.started_at.desc(), b.id.desc()).limit(HISTORY_ROWS)
    return [
        PastImport(
            batch.id,
            name,
            batch.format,
            _file_name(batch.source),
            batch.started_at.isoformat(timespec="seconds"),
            batch.finished_at.isoformat(timespec="seconds") if batch.finished_at else None,
            dict(batch.report or {}),
        )
        for batch, name in uow.session.execute(query)
    ]


def import_uploads(
    uow: UnitOfWork,
    *,
    viewer: Viewer,
    person_id: int,
    uploads: Sequence[Upload],
    limits: Limits | None = None,
) -> dict[str, Any]:
    """Import the uploads for the person ``person_id`` (whom the caller has checked the viewer
    may see) as ``ascent import FILE… --person EMAIL`` would, but by their id (two people may
    share a name); commit; the report's dict.

    Every file is checked (opened and detected) before anything is written; a bad one is the
    CLI's one-line ``InputError`` and the database is left as it was.
    """
    if not uploads:
        raise InputError("upload", "choose at least one export file to import")
    person = find_person(uow, person_id)
    if person is None:
        raise InputError("person", "choose whose export this is")
    limits = limits or DEFAULT_LIMITS
    with TemporaryDirectory(prefix="ascent-upload-") as folder:
        paths = _save(Path(folder), uploads)
        local = _Local(folder)
        try:
            check_exports(paths=paths, limits=limits)
            if viewer.role != "admin":
                _personal_only(paths, limits)
            report = import_paths(uow, paths=paths, person=person.id, limits=limits)
        except InputError as exc:
            raise local.error(exc) from exc
        _name_sources(uow, local)
    data: dict[str, Any] = local.data(report.to_dict())
    return data


def safe_file_name(filename: str, index: int) -> str:
    """The uploaded file's own name: no folder part, no control character, not too long."""
    name = _UNSAFE.sub(" ", filename.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    if name in ("", ".", ".."):
        return f"upload-{index + 1}"
    stem, dot, suffix = name.rpartition(".")
    if dot and stem and len(suffix) < NAME_CHARS // 2:
        return f"{stem[: NAME_CHARS - len(suffix) - 1]}.{suffix}"
    return name[:NAME_CHARS]


class _Local:
    """Turns the temporary folder's paths back into the uploaded file names."""

    def __init__(self, folder: str) -> None:
        self.prefix = folder.rstrip(os.sep) + os.sep

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
        with path.open("wb") as out:
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


def _name_sources(uow: UnitOfWork, local: _Local) -> None:
    """Store the batches' sources as the uploaded names, not the temporary folder's paths."""
    batches = uow.session.scalars(
        select(ImportBatch).where(ImportBatch.source.startswith(local.prefix, autoescape=True))
    )
    for batch in batches:
        batch.source = local.text(batch.source)
    uow.commit()


def _file_name(source: str) -> str:
    """An export's file name (a CLI import stores the path it was given)."""
    return Path(source).name or source
