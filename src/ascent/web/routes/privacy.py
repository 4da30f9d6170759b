"""A person's data is theirs: their export (``Access.OWNER``: the person themself or an
admin, not their lead) and their erasure by an admin, who types the person's e-mail back to
confirm it (a form with its CSRF token). The CLI's twins are ``ascent person WHO --export``
and ``--erase``.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from ascent.service.erasure import erase_confirmed, erasure_question
from ascent.service.privacy import export_person
from ascent.web.access import Reader, Writer
from ascent.web.pages import Access, page, render

router = APIRouter()


@page(
    router, "/person/{person_id}/export.zip", name="person_export", access=Access.OWNER, twin=False
)
def export(uow: Reader, person_id: int) -> Response:
    """Everything held about the person, as a ZIP of CSV and JSON (made in a temporary
    folder, removed once sent)."""
    folder = Path(tempfile.mkdtemp(prefix="ascent-export-"))
    try:
        written = export_person(
            uow, person=person_id, path=folder / "export.zip", at=datetime.now(UTC)
        )
    except BaseException:
        _remove(folder)
        raise
    return FileResponse(
        written.path,
        media_type="application/zip",
        filename=f"ascent-person-{person_id}.zip",
        background=BackgroundTask(_remove, folder),
    )


@page(router, "/person/{person_id}/erase", name="person_erase", access=Access.ADMIN)
def ask(request: Request, uow: Reader, person_id: int) -> Response:
    """The question before an erasure: who, and what to type to confirm it."""
    question = erasure_question(uow, person=person_id)
    return render(request, "erase.html", question, erased=None)


@page(
    router,
    "/person/{person_id}/erase",
    name="person_erased",
    access=Access.ADMIN,
    methods=("POST",),
)
def erase(
    request: Request, uow: Writer, person_id: int, confirm: Annotated[str, Form(max_length=320)]
) -> Response:
    """Erase the person once the admin typed their e-mail back."""
    erased = erase_confirmed(uow, person=person_id, confirm=confirm)
    return render(request, "erase.html", erased, erased=erased)


def _remove(folder: Path) -> None:
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()
