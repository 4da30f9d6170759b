"""Background jobs (imports of uploaded exports): submit, run, recover, show.

A job is a row of ``jobs`` (``store.models.Job``), committed before the queue hears of it;
the queue (``service.job_queue``: procrastinate on PostgreSQL, a thread or ``ascent worker``
on SQLite) only carries its id and org. Its life::

    queued --claim--> running --the import commits--> done
                         |--bad file (InputError)---> failed, with its one line
                         '--worker died (stale heartbeat)--> queued again (attempts < 3)
                                                             or failed, with the reason

- The import runs in ONE writer transaction, and the job's ``done`` (with its report) is
  written in that same transaction, so a job is done exactly when its import committed; a
  worker killed half-way leaves the database as it was and the job ``running`` with a
  heartbeat that stops.
- Progress and heartbeats are written by a thread of the worker (``heartbeats.Heartbeat``) in short
  transactions of their own, so any web worker can show them while the import runs. On
  PostgreSQL they are live. On SQLite the import holds the database's one writer lock for
  its whole transaction, so the last progress shown is the step before it (``importing``)
  until the job is done; a heartbeat written then would wait for the lock (see
  ``recover_stalled`` for what that means for staleness).
- Writes that only keep the books (claim, progress, fail) never take the org's writer turn:
  an upload never waits behind a running import on PostgreSQL.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ascent.errors import InputError, NotFound, one_line
from ascent.importers.limits import DEFAULT_LIMITS, Limits
from ascent.service.directory import enter_org, find_person
from ascent.service.heartbeats import Heartbeat, this_run
from ascent.service.imports import import_paths
from ascent.service.uploads import SpoolNames, Upload, spool_uploads, spooled_folder
from ascent.service.visibility import Viewer, sees_person
from ascent.store.engine import lock_for_writing
from ascent.store.models import ImportBatch, Job, Org, Person
from ascent.store.scope import UnitOfWork

LOG = logging.getLogger("ascent.jobs")
#: when a running job's silent worker counts as dead (it beats every HEARTBEAT_SECONDS)
STALE_SECONDS = 60
#: a job whose worker died this many times is failed instead of retried
MAX_ATTEMPTS = 3
FINISHED = frozenset({"done", "failed"})


class JobQueue(Protocol):
    """Where a committed job is sent to run (``service.job_queue``)."""

    def defer(self, job_id: int, org: str) -> None: ...


@dataclass(frozen=True, slots=True)
class JobView:
    """A job as pages, the API and ``--json`` show it."""

    id: int
    kind: str
    status: str
    person_id: int | None
    person: str | None
    step: str | None
    done: int
    total: int
    attempts: int
    files: list[str]
    result: dict[str, Any] | None
    error: str | None
    created_at: str
    finished_at: str | None

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "person_id": self.person_id,
            "person": self.person,
            "files": self.files,
            "progress": {"step": self.step, "done": self.done, "total": self.total},
            "attempts": self.attempts,
            "error": self.error,
            "created_at": self.created_at,
            "finished_at": self.finished_at,
        }


def submit_import(
    uow: UnitOfWork,
    *,
    queue: JobQueue,
    spool: Path,
    viewer: Viewer,
    person_id: int,
    uploads: Sequence[Upload],
    user_id: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> JobView:
    """Spool the uploads for the person ``person_id`` (whom the caller has checked the viewer
    may see), commit their import's job, then queue it; the job as it was queued.

    Every file is opened and detected first: an unknown or oversized one (or, for a seller or
    a lead, an export that names other people) is refused at once with the CLI's one-line
    ``InputError``, and nothing is written or spooled.
    """
    if not uploads:
        raise InputError("upload", "choose at least one export file to import")
    person = find_person(uow, person_id)
    if person is None:
        raise InputError("person", "choose whose export this is")
    personal = viewer.role != "admin"
    folder, paths = spool_uploads(spool, uploads, limits=limits, personal_only=personal)
    now = datetime.now(UTC)
    job = Job(
        org_id=uow.scope.org_id,
        kind="import",
        status="queued",
        user_id=user_id,
        person_id=person.id,
        payload={"folder": folder.name, "files": [p.name for p in paths]},
        step="queued",
        total=len(paths),
        created_at=now,
    )
    try:
        with _books(uow.engine) as session:
            session.add(job)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    queue.defer(job.id, uow.scope.org_slug)
    return _view(job, person.name)


def job_status(uow: UnitOfWork, *, viewer: Viewer, job_id: int) -> JobView:
    """The job ``job_id`` if ``viewer`` may see its person (an admin: every job of the org);
    ``NotFound`` otherwise, exactly as for a job that does not exist."""
    query = select(Job, Person.name).outerjoin(Person, Person.id == Job.person_id)
    query = query.where(Job.id == job_id)
    if viewer.role != "admin":
        query = query.where(Job.person_id.is_not(None), sees_person(viewer))
    row = uow.session.execute(query).first()
    if row is None:
        raise NotFound(f"no job {job_id}")
    return _view(row[0], row[1])


def run_job(
    engine: Engine,
    *,
    job_id: int,
    org: str,
    spool: Path,
    limits: Limits = DEFAULT_LIMITS,
    today: date | None = None,
) -> str | None:
    """Claim the queued job ``job_id`` and run it; its final status, or None when it was
    not there to claim (another worker has it, or it is finished)."""
    claimed = _claim(engine, job_id)
    if claimed is None:
        return None
    job, attempt = claimed
    folder = spooled_folder(spool, job.payload.get("folder"))
    beat = Heartbeat(engine, job_id, attempt, total=job.total)
    beat.start()
    try:
        if folder is None or not folder.is_dir():
            raise InputError("upload", "the uploaded files are gone from the spool")
        _import(engine, job, attempt, org=org, folder=folder, beat=beat, limits=limits, today=today)
        status = "done"
    except _JobLost:
        LOG.warning("job %s was taken over while it ran; its import was rolled back", job_id)
        return None
    except InputError as exc:
        status = _fail(engine, job_id, attempt, str(exc))
    except Exception as exc:
        LOG.exception("job %s failed", job_id)
        status = _fail(engine, job_id, attempt, f"internal error: {type(exc).__name__}: {exc}")
    finally:
        beat.stop()
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
    return status


def recover_stalled(
    engine: Engine, *, spool: Path, now: datetime | None = None
) -> list[tuple[int, str]]:
    """Jobs left ``running`` by a worker that died (no heartbeat for ``STALE_SECONDS``):
    queued again while attempts remain, else failed with the reason; the (id, org) of those
    to queue again.

    Taken as a short write: on SQLite that waits until no import transaction is open, so a
    job seen running then is not importing (its worker died, or is between two steps).
    """
    cutoff = (now or datetime.now(UTC)) - timedelta(seconds=STALE_SECONDS)
    again: list[tuple[int, str]] = []
    with _books(engine) as session:
        rows = session.execute(
            select(Job, Org.slug)
            .join(Org, Org.id == Job.org_id)
            .where(Job.status == "running", Job.heartbeat_at < cutoff)
            .execution_options(skip_org_scope=True)
        ).all()
        for job, slug in rows:
            reason = f"its worker stopped during attempt {job.attempts} of {MAX_ATTEMPTS}"
            job.error, job.heartbeat_at = reason, None
            if job.attempts < MAX_ATTEMPTS:
                job.status, job.step = "queued", f"queued again: {reason}"
                again.append((job.id, slug))
            else:
                job.status, job.step = "failed", "failed"
                job.finished_at = datetime.now(UTC)
                _remove_spooled(spool, job.payload)
    return again


def queued_jobs(engine: Engine) -> list[tuple[int, str]]:
    """Every queued job (all orgs), oldest first, as (id, org): ``ascent worker`` on SQLite."""
    with Session(engine) as session:
        query = (
            select(Job.id, Org.slug)
            .join(Org, Org.id == Job.org_id)
            .where(Job.status == "queued")
            .order_by(Job.id)
            .execution_options(skip_org_scope=True)
        )
        return [(job_id, slug) for job_id, slug in session.execute(query)]


class _JobLost(Exception):
    """The job was no longer this attempt's when its import came to commit."""


class _HeldCommit(UnitOfWork):
    """The job's unit of work: ``import_paths`` commits at its end; this holds that commit
    back (a flush), so that the job's ``done`` and report go into the same transaction."""

    def commit(self) -> None:
        self.session.flush()


def _import(
    engine: Engine,
    job: Job,
    attempt: int,
    *,
    org: str,
    folder: Path,
    beat: Heartbeat,
    limits: Limits,
    today: date | None,
) -> None:
    """Import the job's files in one writer transaction that also marks the job done."""
    names = SpoolNames(folder)
    paths = [folder / name for name in _files(job)]
    beat.write_now("importing")  # before the writer's turn: on SQLite, the last word until done

    def progress(label: str, records: int) -> None:
        beat.set_step(f"importing {names.text(label)}: {records:,} records read")

    with _HeldCommit(engine, writer=True) as uow:
        enter_org(uow, org=org, write=True)
        if uow.scope.org_id != job.org_id:
            raise InputError("job", f"job {job.id} is not of the org {org!r}")
        report = import_paths(
            uow, paths=paths, person=job.person_id, limits=limits, progress=progress, today=today
        )
        for batch in uow.session.scalars(
            select(ImportBatch).where(ImportBatch.source.startswith(names.prefix, autoescape=True))
        ):
            batch.source = names.text(batch.source)
        marked = uow.session.execute(
            this_run(job.id, attempt).values(
                status="done",
                step="done",
                done=job.total,
                result=names.data(report.to_dict()),
                error=None,
                finished_at=datetime.now(UTC),
            )
        )
        if marked.rowcount != 1:  # type: ignore[attr-defined]
            raise _JobLost
        uow.session.commit()


def _claim(engine: Engine, job_id: int) -> tuple[Job, int] | None:
    """Mark the queued job running (one more attempt); it and its attempt, or None."""
    now = datetime.now(UTC)
    with _books(engine) as session:
        job = session.scalar(
            select(Job).where(Job.id == job_id).execution_options(skip_org_scope=True)
        )
        if job is None or job.status != "queued":
            return None
        job.status, job.step, job.done = "running", "starting", 0
        job.attempts += 1
        job.started_at = job.heartbeat_at = now
        return job, job.attempts


def _fail(engine: Engine, job_id: int, attempt: int, reason: str) -> str:
    with _books(engine) as session:
        session.execute(
            this_run(job_id, attempt).values(
                status="failed",
                step="failed",
                error=one_line(reason),
                finished_at=datetime.now(UTC),
            )
        )
    return "failed"


@contextmanager
def _books(engine: Engine) -> Iterator[Session]:
    """A short write of the jobs' books, outside any org's writer turn (on SQLite it waits
    for the database's one writer lock, as every write must), committed at the end."""
    with Session(engine, expire_on_commit=False) as session:
        lock_for_writing(session.connection(), "jobs")
        yield session
        session.commit()


def _remove_spooled(spool: Path, payload: dict[str, Any]) -> None:
    folder = spooled_folder(spool, payload.get("folder"))
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def _files(job: Job) -> list[str]:
    """The spooled files' names (``uploads.safe_file_name``'s: never a path part)."""
    files = job.payload.get("files")
    names = [str(f) for f in files] if isinstance(files, list) else []
    return [n for n in names if n not in ("", ".", "..") and "/" not in n and "\\" not in n]


def _view(job: Job, person: str | None) -> JobView:
    return JobView(
        job.id,
        job.kind,
        job.status,
        job.person_id,
        person,
        job.step,
        job.done,
        job.total,
        job.attempts,
        _files(job),
        dict(job.result) if job.result is not None else None,
        job.error,
        job.created_at.isoformat(timespec="seconds"),
        job.finished_at.isoformat(timespec="seconds") if job.finished_at else None,
    )
