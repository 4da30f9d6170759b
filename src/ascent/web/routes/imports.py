"""The imports page: upload exports for a person (a seller for themself, a lead for a person of
their team, an admin for anyone), imported exactly as ``ascent import`` imports them, with the
same report; and the history of past imports of the people the viewer sees.

``POST /imports.json`` is the same upload for a program: multipart in, the report as JSON out
(a refused file is the one error shape, status 400, and nothing is written).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from ascent.errors import InputError
from ascent.service.imports_page import Upload, import_uploads, imports_page
from ascent.service.visibility import Viewer, may_see_person
from ascent.web.access import Hidden, Reader, Writer, user_of, viewer_of
from ascent.web.pages import Access, page, render, wants_json

router = APIRouter()


@page(router, "/imports", name="imports", access=Access.USER)
def show(request: Request, uow: Reader) -> Response:
    """The upload form and the import history."""
    view = imports_page(uow, viewer=_viewer(request))
    return render(request, "imports.html", view)


@page(router, "/imports", name="imports.upload", access=Access.USER, methods=("POST",))
def upload(
    request: Request,
    uow: Writer,
    files: Annotated[list[UploadFile], File()] = [],  # noqa: B006 - FastAPI copies defaults
    person_id: Annotated[int | None, Form()] = None,
) -> Response:
    """Import the uploaded exports for the chosen person; show the report, or the one-line
    error of a refused file (status 400, nothing written)."""
    viewer = _viewer(request)
    person = person_id if person_id is not None else viewer.person_id
    if person is None or not may_see_person(uow, viewer, person):
        raise Hidden
    uploads = [Upload(f.filename or "", f.file) for f in files if f.filename or f.size]
    try:
        report = import_uploads(
            uow, viewer=viewer, person_id=person, uploads=uploads, limits=_limits(request)
        )
    except InputError as exc:
        if wants_json(request):
            raise
        uow.session.rollback()  # the page is drawn from what is stored, not from the refusal
        view = imports_page(uow, viewer=viewer, selected=person, error=str(exc))
        return render(request, "imports.html", view, status=400)
    view = imports_page(uow, viewer=viewer, selected=person, report=report)
    return render(request, "imports.html", view)


def _viewer(request: Request) -> Viewer:
    return viewer_of(user_of(request))


def _limits(request: Request) -> Any:
    """The import limits of the app's settings (``ASCENT_LIMIT_*``)."""
    return request.app.state.settings.limits
