"""The route table: every route is declared with ``page``, which says who may reach it
(``Access``) and registers its JSON twin; ``render`` draws a view as HTML or as JSON.

Nothing reaches the app's routes except through ``page`` (a test walks the app's route table
and fails on a route ``page`` did not declare), so no new route can escape the access rules.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol, TypeVar

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from markupsafe import Markup, escape

from ascent.service.days import read_day
from ascent.web.access import Access, guard, upload_token

__all__ = ["PAGES", "TEMPLATES", "Access", "Page", "as_of", "html", "page", "render", "wants_json"]

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class Page:
    path: str
    name: str
    access: Access
    methods: tuple[str, ...]
    #: whether ``path + ".json"`` is registered too
    twin: bool


#: every declared route, in declaration order (the access-rule tests read it)
PAGES: list[Page] = []


class View(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


def page(
    router: APIRouter,
    path: str,
    *,
    name: str,
    access: Access,
    methods: tuple[str, ...] = ("GET",),
    twin: bool = True,
    write: bool | None = None,
) -> Callable[[F], F]:
    """Declare the route ``path`` (and its twin ``path.json`` when ``twin``) with its access.

    A POST route writes (its unit of work takes the writer's turn) unless ``write=False``
    says it only computes (a preview must not wait behind a running import).
    """
    writes = "POST" in methods if write is None else write

    def register(handler: F) -> F:
        dependencies = [Depends(guard(access, write=writes))]
        if "POST" in methods:
            dependencies.append(Depends(upload_token))
        # the twin first: ``/team/{team_id}`` would otherwise take ``/team/1.json`` as id "1.json"
        twins = [(f"{path.rstrip('/') or '/index'}.json", f"{name}.json")] if twin else []
        for each, each_name in [*twins, (path, name)]:
            router.add_api_route(
                each,
                handler,
                methods=list(methods),
                name=each_name,
                dependencies=dependencies,
                include_in_schema=False,
            )
        PAGES.append(Page(path, name, access, methods, twin))
        return handler

    return register


def wants_json(request: Request) -> bool:
    """The JSON twin was asked for: ``/….json``, anything under ``/api/`` (an unknown API
    path, a wrong method), or JSON preferred over HTML."""
    if request.url.path.endswith(".json") or request.url.path.startswith("/api/"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def render(
    request: Request, template: str, view: View, *, status: int = 200, **extra: Any
) -> Response:
    """``view`` as the page ``template`` or, for its twin, as ``view.to_dict()``.

    The template gets the view object itself and its dict (``data``), so a page shows the
    very numbers its twin serves.
    """
    data = view.to_dict()
    if wants_json(request):
        return JSONResponse(data, status_code=status)
    context = {"view": view, "data": data, **extra}
    return TEMPLATES.TemplateResponse(request, template, context, status_code=status)


def html(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page with no twin (the login form)."""
    return TEMPLATES.TemplateResponse(request, template, context, status_code=status)


def chart_json(spec: dict[str, Any]) -> Markup:
    """A chart spec for a ``<script type="application/json">`` block: no ``<`` can end it."""
    text = json.dumps(spec, ensure_ascii=False).replace("<", "\\u003c")
    return Markup(text)  # noqa: S704 - JSON with every "<" escaped, inside a JSON script block


TEMPLATES.env.filters["chart_json"] = chart_json


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str
    href: str
    current: bool


def current_user(request: Request) -> Any:
    """The logged-in user the guard found for this request (None on public pages)."""
    return getattr(request.state, "user", None)


def nav(request: Request) -> list[NavItem]:
    """The main menu of the logged-in user: their own pages, by role."""
    user = current_user(request)
    if user is None:
        return []
    items: list[tuple[str, str]] = []
    if user.role == "seller" and user.person_id is not None:
        pid = user.person_id
        items += [("Today", f"/seller/{pid}"), ("My progress", f"/person/{pid}")]
        items += [("Pursuits", f"/person/{pid}/pursuits")]
    if user.role in ("lead", "admin"):  # a team's page shows its people: not to a seller
        for team in getattr(request.state, "teams", []):
            label = "My team" if user.role == "lead" else team.name
            items.append((label, f"/team/{team.id}"))
    if user.team_id is not None:
        team = user.team_id
        if user.role == "lead":
            items.append(("Results", f"/team/{team}/results"))
        items += [("Market", f"/team/{team}/market"), ("Strategy", f"/team/{team}/strategy")]
    items += [("Coach", "/coach"), ("Imports", "/imports")]
    path = request.url.path
    return [NavItem(label, href, path == href) for label, href in items]


@pass_context
def csrf_token(context: Any, request: Request) -> str:
    """The CSRF token of this browser (``asgi_csrf`` sets its cookie when a page asks)."""
    get = request.scope.get("csrftoken")
    return str(get()) if get else ""


@pass_context
def csrf_input(context: Any, request: Request) -> Markup:
    """The hidden field every form carries (first, before any file field)."""
    token = escape(csrf_token(context, request))
    return Markup(f'<input type="hidden" name="csrftoken" value="{token}">')  # noqa: S704


TEMPLATES.env.globals.update(
    current_user=current_user, nav=nav, csrf_token=csrf_token, csrf_input=csrf_input
)


def as_of(request: Request) -> date:
    """The day a page shows: ``?as_of=YYYY-MM-DD`` (the CLI's ``--as-of``), else today."""
    today: date = request.app.state.today()
    return read_day(request.query_params.get("as_of"), name="as_of", today=today)
