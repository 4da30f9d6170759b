"""The security suite's world: a rival org beside the demo's, apps serving each, row counts,
and the app's routes as the route table has them (what every matrix walks).

The rival org ("rival") has one team, one seller, a lead and an admin; every login's password
is ``demo`` (``add_rival_org``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fastapi.params import File
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select, text
from starlette.routing import Mount, Route

from ascent.bootstrap import unit_of_work
from ascent.service.directory import ensure_person
from ascent.service.users import add_user
from ascent.settings import Settings
from ascent.store.models import Base
from ascent.web.app import create_app
from ascent.web.pages import PAGES, Access
from web_demo import DEMO_DAY, PASSWORD

RIVAL_ORG = "rival"
RIVAL_TEAM = "Rival team"
RIVAL_SELLER = "rita.rival@rival.example"
RIVAL_LEAD = "lead@rival.example"
RIVAL_ADMIN = "admin@rival.example"
SECRET = "security-suite-secret"


def add_rival_org(settings: Settings) -> None:
    """A second org in the demo's database: a team, a seller, a lead and an admin."""
    with unit_of_work(settings, org=RIVAL_ORG, write=True) as uow:
        ensure_person(uow, RIVAL_SELLER, team=RIVAL_TEAM)
        uow.commit()
        add_user(uow, email=RIVAL_SELLER, role="seller", password=PASSWORD)
        add_user(uow, email=RIVAL_LEAD, role="lead", team=RIVAL_TEAM, password=PASSWORD)
        add_user(uow, email=RIVAL_ADMIN, role="admin", password=PASSWORD)


def client_of(settings: Settings, org: str = "default") -> Iterator[TestClient]:
    """An anonymous client of the app serving ``org``."""
    app = create_app(settings, org=org, secret=SECRET, today=lambda: DEMO_DAY)
    with TestClient(app, follow_redirects=False) as client:
        yield client


def row_counts(settings: Settings) -> dict[str, int]:
    """The number of rows of every table of the store (what "nothing written" compares)."""
    engine = create_engine(settings.database_url)
    with engine.connect() as connection:
        counts = {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in Base.metadata.sorted_tables
        }
    engine.dispose()
    return counts


def ids_by(settings: Settings, query: str) -> dict[str, int]:
    """``{key: id}`` from a two-column query on the store (every org)."""
    engine = create_engine(settings.database_url)
    with engine.connect() as connection:
        found = {str(key): int(value) for key, value in connection.execute(text(query)).all()}
    engine.dispose()
    return found


#: routes anyone may call: logging in, a password's one-time link, the API's document and
#: docs, the health check (static files are the one mount)
PUBLIC = {
    ("GET", "/login"),
    ("POST", "/login"),
    ("POST", "/logout"),
    ("GET", "/reset/{token}"),
    ("POST", "/reset/{token}"),
    ("GET", "/api/openapi.json"),
    ("GET", "/api/docs"),
    ("GET", "/api/docs/oauth2-redirect"),
    ("GET", "/healthz"),
    ("GET", "/readyz"),
}
#: the CRMs' webhook: signed with the org's secret, not a bearer token
WEBHOOK = re.compile(r"/api/v1/.*webhook.*")
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    #: ``page``, ``api``, ``public`` or ``webhook``
    kind: str
    access: Access | None = None
    #: whether its body is a multipart upload (``File`` fields), else JSON or a form
    files: bool = False

    @property
    def params(self) -> list[str]:
        return re.findall(r"\{(\w+)\}", self.path)


def _app(client: TestClient) -> Any:
    """The FastAPI app under the middleware ``create_app`` wraps it in."""
    app: Any = client.app
    while not hasattr(app, "routes"):
        app = getattr(app, "app", None) or app.__wrapped__
    return app


def _pages() -> dict[tuple[str, str], Access]:
    declared: dict[tuple[str, str], Access] = {}
    for page in PAGES:
        paths = [page.path, *([f"{page.path.rstrip('/') or '/index'}.json"] if page.twin else [])]
        declared |= {(m, p): page.access for m in page.methods for p in paths}
    return declared


def _routes(routes: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(path, route) of every route, into every included router (whose include adds its
    prefix: FastAPI keeps an included router's routes as they were declared)."""
    for route in routes:
        if hasattr(route, "original_router"):
            inner = prefix + route.include_context.prefix
            yield from _routes(route.original_router.routes, inner)
        else:
            yield prefix + route.path, route


def _takes_files(route: APIRoute) -> bool:
    return any(isinstance(p.field_info, File) for p in route.dependant.body_params)


def endpoints(client: TestClient) -> list[Endpoint]:
    """Every (method, path) of the app's route table, with what guards it."""
    pages, found = _pages(), []
    unknown: list[str] = []
    for path, route in _routes(_app(client).routes):
        if isinstance(route, Mount):
            if path != "/static":
                unknown.append(f"mount {path}")
            continue
        assert isinstance(route, APIRoute | Route), route
        for method in sorted((route.methods or set()) - {"HEAD"}):
            key = (method, path)
            if key in pages:
                found.append(Endpoint(method, path, "page", pages[key]))
            elif key in PUBLIC:
                found.append(Endpoint(method, path, "public"))
            elif WEBHOOK.fullmatch(path):
                found.append(Endpoint(method, path, "webhook"))
            elif path.startswith("/api/v1/") and isinstance(route, APIRoute):
                found.append(Endpoint(method, path, "api", files=_takes_files(route)))
            else:
                unknown.append(f"{method} {path}")
    assert unknown == [], "routes nobody declared the access of (pages.page, the API, PUBLIC)"
    return found
