"""The imports page: upload exports for a person (a seller for themself, a lead for a person of
their team, an admin for anyone), imported in the background exactly as ``ascent import``
imports them (``service.jobs``), with the same report; and the history of past imports of the
people the viewer sees.

An upload answers at once: its job's page (``/imports/jobs/{job_id}``) shows the progress,
polled by HTMX (``/imports/jobs/{job_id}/progress``, a fragment), until the report appears.
``POST /imports.json`` is the same upload for a program: multipart in, ``{"job": …}`` out
with status 202 (a refused file is the one error shape, status 400, and nothing is written);
``/imports/jobs/{job_id}.json`` is the job and, once it is done, its report.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Path, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse, Response

from ascent.errors import InputError
from ascent.service.imports import report_lines
from ascent.service.imports_page import Upload, imports_page
from ascent.service.jobs import job_status, submit_import
from ascent.service.visibility import Viewer, may_see_person
from ascent.web.access import MAX_ID, Hidden, Reader, user_of, viewer_of
from ascent.web.pages import Access, html, page, render, wants_json

router = APIRouter()
#: a job's id in a path: a database integer (a larger one is a bad request, not a 500)
JobId = Annotated[int, Path(ge=1, le=MAX_ID)]


@page(router, "/imports", name="imports", access=Access.USER)
def show(request: Request, uow: Reader) -> Response:
    """The upload form and the import history."""
    view = imports_page(uow, viewer=_viewer(request))
    return render(request, "imports.html", view)


@page(router, "/imports", name="imports.upload", access=Access.USER, methods=("POST",), write=False)
def upload(
    request: Request,
    uow: Reader,
    files: Annotated[list[UploadFile], File()] = [],  # noqa: B006 - FastAPI copies defaults
    person_id: Annotated[int | None, Form()] = None,
) -> Response:
    """Queue the import of the uploaded exports for the chosen person and answer at once:
    its job (202), or the one-line error of a refused file (status 400, nothing written).
    Only the job's own row is written, so an upload never waits for the writer's turn."""
    viewer = _viewer(request)
    person = person_id if person_id is not None else viewer.person_id
    if person is None or not may_see_person(uow, viewer, person):
        raise Hidden
    uploads = [Upload(f.filename or "", f.file) for f in files if f.filename or f.size]
    state = request.app.state
    try:
        job = submit_import(
            uow,
            queue=state.jobs,
            spool=state.settings.spool(),
            viewer=viewer,
            person_id=person,
            uploads=uploads,
            user_id=_user_id(request),
            limits=state.settings.limits,
        )
    except InputError as exc:
        if wants_json(request):
            raise
        view = imports_page(uow, viewer=viewer, selected=person, error=str(exc))
        return render(request, "imports.html", view, status=400)
    if wants_json(request):
        return JSONResponse({"job": job.to_dict()}, status_code=202)
    return RedirectResponse(f"/imports/jobs/{job.id}", status_code=303)


@page(router, "/imports/jobs/{job_id}", name="imports.job", access=Access.USER)
def show_job(request: Request, uow: Reader, job_id: JobId) -> Response:
    """The imports page with an upload's job: its progress, then its report or its error."""
    viewer = _viewer(request)
    job = job_status(uow, viewer=viewer, job_id=job_id)
    view = imports_page(uow, viewer=viewer, selected=job.person_id, job=job)
    return render(request, "imports.html", view)


@page(
    router,
    "/imports/jobs/{job_id}/progress",
    name="imports.progress",
    access=Access.USER,
    twin=False,
)
def progress(request: Request, uow: Reader, job_id: JobId) -> Response:
    """The job's progress as a fragment, polled by the job's page until it is finished."""
    job = job_status(uow, viewer=_viewer(request), job_id=job_id)
    lines = report_lines(job.result) if job.status == "done" and job.result else []
    return html(request, "imports_job.html", job=job, lines=lines)


def _viewer(request: Request) -> Viewer:
    return viewer_of(user_of(request))


def _user_id(request: Request) -> Any:
    """The login that uploaded (none for the lone seller let in without one)."""
    return None if getattr(request.state, "auto_login", False) else user_of(request).id
