"""Imports: upload exports (a background job, 202), the job's status and progress, its report.

The same use cases as the imports page (``service.jobs``), with its rules: a seller uploads
for themself, a lead for their team, an admin for anyone (and only an admin uploads the
formats that name other people); a job is seen by whoever may see its person.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, File, Form, Path, Request, UploadFile
from pydantic import BaseModel

from ascent.errors import NotFound
from ascent.service.jobs import job_status, submit_import
from ascent.service.uploads import Upload
from ascent.web.access import MAX_ID, Hidden
from ascent.web.api.auth import Access, Api, Forbidden, api_router, reads

router = api_router(tags=["imports"])
#: the upload only writes its job's row: a read's unit of work (it never waits for the
#: writer's turn), but a write token (checked below)
Uploader = Annotated[Api, Depends(reads(Access.USER))]
Reader = Annotated[Api, Depends(reads(Access.USER))]
JobId = Annotated[int, Path(ge=1, le=MAX_ID, description="The job's id.")]


class ProgressOut(BaseModel):
    step: str | None
    done: int
    total: int


class JobOut(BaseModel):
    id: int
    kind: str
    status: str
    person_id: int | None
    person: str | None
    files: list[str]
    progress: ProgressOut
    attempts: int
    error: str | None
    created_at: str
    finished_at: str | None


class ReportFileOut(BaseModel):
    path: str
    format: str


class SkippedOut(BaseModel):
    file: str
    line: int | None
    reason: str


class NoteOut(BaseModel):
    file: str
    message: str


class ReportOut(BaseModel):
    """What the import did (``ascent import --json``'s report), file names as uploaded."""

    person: str | None
    files: list[ReportFileOut]
    counts: dict[str, int]
    added: int
    duplicates: int
    skipped: list[SkippedOut]
    notes: list[NoteOut]
    unmatched_owners: dict[str, int]
    new_contacts: int


@router.post("/imports", response_model=JobOut, status_code=202)
def upload(
    request: Request,
    api: Uploader,
    files: Annotated[list[UploadFile], File(description="The export files.")],
    person_id: Annotated[
        int | None, Form(ge=1, le=MAX_ID, description="Whose exports (default: yours).")
    ] = None,
) -> Any:
    """Queue the import of the uploaded exports for a person; the job (poll its status).
    A file that cannot be detected is refused at once (400) and nothing is written."""
    if api.scope != "write":
        raise Forbidden
    person = person_id if person_id is not None else api.user.person_id
    if person is None:
        raise Hidden
    api.check(Access.PERSON, person_id=person)
    state = request.app.state
    job = submit_import(
        api.uow,
        queue=state.jobs,
        spool=state.settings.spool(),
        viewer=api.viewer,
        person_id=person,
        uploads=[Upload(f.filename or "", f.file) for f in files if f.filename or f.size],
        user_id=api.user_id,
        limits=state.settings.limits,
    )
    return job.to_dict()


@router.get("/imports/{job_id}", response_model=JobOut)
def status(api: Reader, job_id: JobId) -> Any:
    """The job's status (``queued``, ``running``, ``done``, ``failed``) and progress."""
    return job_status(api.uow, viewer=api.viewer, job_id=job_id).to_dict()


@router.get("/imports/{job_id}/report", response_model=ReportOut)
def report(api: Reader, job_id: JobId) -> Any:
    """The report of a job that is done (404 before, or when it failed: see its status)."""
    job = job_status(api.uow, viewer=api.viewer, job_id=job_id)
    if job.status != "done" or job.result is None:
        raise NotFound(f"job {job_id} has no report: it is {job.status}")
    return job.result
