"""The strategy editor: a team's goals, tactics and targets, edited as a plain form (rows added
and removed without JavaScript), its coverage redrawn live from the unsaved edit (HTMX), and
the YAML file ``ascent strategy load`` reads, uploaded or downloaded.

Everyone in the team may read the strategy; only its lead or an admin may change it (the
POST routes ask for ``Access.TEAM``, so a seller's post answers 404 like any hidden page).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from ascent.errors import InputError
from ascent.service.directory import team_name
from ascent.service.strategy_page import (
    YAML_BYTES,
    StrategyView,
    draft_from_form,
    edited_page,
    load_yaml_upload,
    save_draft,
    saved_yaml,
    strategy_page,
)
from ascent.web.access import Reader, Writer, user_of
from ascent.web.pages import Access, as_of, html, page, render

router = APIRouter()


async def posted_form(request: Request) -> dict[str, list[str]]:
    """The posted form's text fields, each as the list of its values (rows repeat names)."""
    form = await request.form()
    return {key: [v for v in form.getlist(key) if isinstance(v, str)] for key in form}


Form = Annotated[dict[str, list[str]], Depends(posted_form)]


@page(router, "/team/{team_id}/strategy", name="strategy", access=Access.TEAM_MEMBERS)
def show(request: Request, uow: Reader, team_id: int) -> Response:
    """The team's saved strategy and its coverage; an editable form for its lead or an admin."""
    user = user_of(request)
    view = strategy_page(
        uow,
        team_id=team_id,
        as_of=as_of(request),
        may_save=_editor(request),
        viewer_person=user.person_id if user.role == "seller" else None,
    )
    return render(request, "strategy.html", view)


@page(
    router,
    "/team/{team_id}/strategy",
    name="strategy.save",
    access=Access.TEAM,
    methods=("POST",),
    twin=False,
)
def save(request: Request, uow: Writer, team_id: int, form: Form) -> Response:
    """Save the edited strategy, or (``add``) redraw the form with one more blank row."""
    draft = draft_from_form(form)
    day = as_of(request)
    if "add" not in form:
        try:
            save_draft(uow, team_id=team_id, draft=draft)
        except InputError:
            uow.session.rollback()  # the page below shows the draft's one-line error
        else:
            return RedirectResponse(f"/team/{team_id}/strategy?saved=1", status_code=303)
    view = edited_page(uow, team_id=team_id, as_of=day, may_save=True, draft=draft)
    return render(request, "strategy.html", view, status=400 if view.error else 200)


@page(
    router,
    "/team/{team_id}/strategy/coverage",
    name="strategy.coverage",
    write=False,
    access=Access.TEAM,
    methods=("POST",),
    twin=False,
)
def coverage(request: Request, uow: Reader, team_id: int, form: Form) -> Response:
    """The coverage of the edited, unsaved strategy: the fragment HTMX swaps into the page."""
    draft = draft_from_form(form)
    view = edited_page(uow, team_id=team_id, as_of=as_of(request), may_save=True, draft=draft)
    return html(request, "strategy_coverage.html", view=view, data=view.to_dict())


@page(
    router,
    "/team/{team_id}/strategy/yaml",
    name="strategy.yaml.load",
    access=Access.TEAM,
    methods=("POST",),
    twin=False,
)
def load_yaml(
    request: Request, uow: Writer, team_id: int, file: Annotated[UploadFile, File()]
) -> Response:
    """Replace the strategy with an uploaded YAML file; a bad one is its one-line error."""
    try:
        load_yaml_upload(
            uow, team_id=team_id, filename=file.filename or "", data=file.file.read(YAML_BYTES + 1)
        )
    except InputError as exc:
        uow.session.rollback()
        view: StrategyView = strategy_page(
            uow, team_id=team_id, as_of=as_of(request), may_save=True
        )
        return render(request, "strategy.html", replace(view, upload_error=str(exc)), status=400)
    return RedirectResponse(f"/team/{team_id}/strategy?saved=1", status_code=303)


@page(
    router,
    "/team/{team_id}/strategy.yaml",
    name="strategy.yaml",
    access=Access.TEAM_MEMBERS,
    twin=False,
)
def download_yaml(uow: Reader, team_id: int) -> Response:
    """The saved strategy as the file ``ascent strategy load`` reads."""
    text = saved_yaml(uow, team_id=team_id)
    slug = "".join(c if c.isalnum() else "-" for c in team_name(uow, team_id=team_id).lower())
    disposition = f'attachment; filename="strategy-{slug}.yaml"'
    return Response(
        text, media_type="application/yaml", headers={"content-disposition": disposition}
    )


def _editor(request: Request) -> bool:
    """Whether the viewer may change the strategy: a lead (of this team: the guard checked
    that they see it) or an admin; a seller only reads it."""
    return user_of(request).role in ("lead", "admin")
