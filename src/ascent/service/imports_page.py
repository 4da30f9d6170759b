"""The imports page's use cases: whom a viewer may import for, the job of an upload (its
progress, then its report: ``service.jobs``), and the import history of the people they see.

Uploads are imported in the background exactly as ``ascent import`` imports files
(``jobs.submit_import``); the spooling and naming of uploaded files is ``service.uploads``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ascent.service.imports import report_lines
from ascent.service.jobs import JobView
from ascent.service.uploads import PERSONAL_FORMATS, Upload, safe_file_name
from ascent.service.visibility import Viewer, sees_person
from ascent.store.models import ImportBatch, Person, Team
from ascent.store.scope import UnitOfWork

__all__ = [
    "PERSONAL_FORMATS",
    "ImportsView",
    "Upload",
    "import_history",
    "importable_people",
    "imports_page",
    "safe_file_name",
]
#: how many past imports the page lists
HISTORY_ROWS = 100


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
    #: the job of an upload: its progress, then its report (file names as uploaded)
    job: JobView | None = None
    #: the one-line error of a refused upload (nothing was written)
    error: str | None = None
    formats: list[str] = field(default_factory=lambda: sorted(PERSONAL_FORMATS))

    @property
    def report(self) -> dict[str, Any] | None:
        """``ImportReport.to_dict()`` of the job's import, once it is done."""
        return self.job.result if self.job is not None and self.job.status == "done" else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "people": [p.to_dict() for p in self.people],
            "selected": self.selected,
            "job": self.job.to_dict() if self.job is not None else None,
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
    job: JobView | None = None,
    error: str | None = None,
) -> ImportsView:
    """The imports page of ``viewer``, with an upload's job (``job``: its progress or its
    report) or a refused upload's one line (``error``)."""
    people = importable_people(uow, viewer=viewer)
    chosen = selected if selected is not None else viewer.person_id
    if chosen is None and people:
        chosen = people[0].id
    formats = sorted(PERSONAL_FORMATS) if viewer.role != "admin" else []
    history = import_history(uow, viewer=viewer)
    return ImportsView(people, history, chosen, job, error, formats)


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


def _file_name(source: str) -> str:
    """An export's file name (a CLI import stores the path it was given)."""
    return Path(source).name or source
