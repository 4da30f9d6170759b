"""``create_app(settings)``: the FastAPI app, its middleware, error pages and routes.

One engine per process (opened, and migrated, when the app starts); one unit of work per
request (``access.reader`` / ``access.writer``). Errors become the one error shape for a
JSON twin and the error page for a person, with the same status.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from asgi_csrf import asgi_csrf  # type: ignore[import-untyped]
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from itsdangerous import URLSafeSerializer
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp

from ascent import __version__, bootstrap
from ascent.errors import AscentError, ErrorDocument, error_document
from ascent.service.directory import DEFAULT_ORG
from ascent.service.job_queue import start_serving
from ascent.settings import Settings
from ascent.web import api, ops, routes
from ascent.web.access import Hidden, NotLoggedIn, cookie_signer
from ascent.web.headers import Headers
from ascent.web.limits import BodyLimit
from ascent.web.pages import TEMPLATES, wants_json

STATIC = Path(__file__).parent / "static"
#: the HTTP status of each error type; what is not here is a bad request (400)
STATUS = {
    "not_logged_in": 401,
    "login_refused": 401,
    "hidden": 404,
    "not_found": 404,
    "login_throttled": 429,
    "busy": 503,
    "database": 503,
    "disk_full": 507,
    "csrf_failed": 403,
    "internal_error": 500,
}
LOG = logging.getLogger("ascent.web")


def create_app(
    settings: Settings,
    *,
    org: str = DEFAULT_ORG,
    secret: str | None = None,
    today: Callable[[], date] = date.today,
    auto_login: bool = False,
) -> ASGIApp:
    """The web app on the store ``settings`` name, serving the org ``org``.

    ``secret`` (else ``settings.secret_key``) signs the session and CSRF cookies; without
    one a random secret is made, so that cookies do not outlive the process (``ascent serve``
    says so when it starts). ``today``
    is the clock of the pages' default day (tests and the demo fix it). ``auto_login`` lets
    the only person of a database without logins in without one (``service.single_user``;
    ``ascent serve`` allows it on this machine's loopback address only).
    """
    key = secret or settings.secret_key or secrets.token_urlsafe(32)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.engine = bootstrap.open_store(settings)
        # the queue uploads go to, made once (``service.job_queue.start_serving``)
        app.state.jobs = start_serving(settings, app.state.engine)
        try:
            yield
        finally:
            app.state.engine.dispose()

    app = FastAPI(
        title="Ascent",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        # the REST API's document (``web.api``); the pages are not in it (include_in_schema)
        openapi_url="/api/openapi.json",
    )
    app.state.org = org
    app.state.settings = settings
    app.state.today = today
    app.state.auto_login = auto_login
    app.state.signer = cookie_signer(key)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in routes.ROUTERS:
        app.include_router(router)
    app.include_router(api.router)
    app.include_router(ops.router)
    app.add_exception_handler(AscentError, _ascent_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    TEMPLATES.env.globals["version"] = __version__
    app.add_exception_handler(Exception, _unexpected)
    app.state.csrf_signer = URLSafeSerializer(key)
    protected = asgi_csrf(
        app,
        signing_secret=key,
        always_protect={"/login"},
        send_csrf_failed=_csrf_failed,
        cookie_samesite="Lax",
        # multipart bodies (uploads) are checked by ``access.upload_token`` instead
        skip_if_scope=_multipart,
    )
    return ops.RequestLog(
        Headers(BodyLimit(protected, settings.limits.upload_bytes, uploads=UPLOADS))
    )


#: the paths that take uploads, and so the import caps; any other body is capped at 1 MB
UPLOADS = re.compile(r"/imports(\.json)?|/api/v1/imports|/team/\d+/strategy/yaml")


def _multipart(scope: Any) -> bool:
    headers = dict(scope.get("headers") or [])
    return bool(headers.get(b"content-type", b"").startswith(b"multipart/form-data"))


async def _unexpected(request: Request, exc: Exception) -> Response:
    """What no handler expected: the error shape, never a traceback (the log has it)."""
    if isinstance(exc, OperationalError | DatabaseError):
        return error_response(request, error_document("database", f"database: {exc.orig}"))
    if isinstance(exc, PoolTimeout):  # every connection of this worker busy for 30 s
        LOG.warning("no database connection free for %s %s", request.method, request.url.path)
        return error_response(request, error_document("busy", "the server is busy: try again"))
    LOG.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    document = error_document("internal_error", "something went wrong on our side (it is logged)")
    return error_response(request, document)


async def _ascent_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AscentError)
    if isinstance(exc, NotLoggedIn) and not wants_json(request):
        target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
        return RedirectResponse(f"/login?next={target}", status_code=303)
    return error_response(request, exc.to_dict())


def error_response(request: Request, document: ErrorDocument) -> Response:
    """The one error shape for a twin, the error page for a person; the same status."""
    status = STATUS.get(document["error"]["type"], 400)
    if wants_json(request):
        return JSONResponse(dict(document), status_code=status)
    context: dict[str, Any] = {"error": document["error"], "status": status}
    return TEMPLATES.TemplateResponse(request, "error.html", context, status_code=status)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return error_response(request, Hidden().to_dict())
    kind = "method_not_allowed" if exc.status_code == 405 else "http_error"
    document = error_document(kind, str(exc.detail))
    response = error_response(request, document)
    response.status_code = exc.status_code
    return response


async def _invalid_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e['loc'][1:]) or 'request'}: {e['msg']}" for e in exc.errors()
    )
    return error_response(request, error_document("invalid_request", problems or "bad request"))


async def _csrf_failed(scope: Any, send: Any, message_id: Any) -> None:
    """A form without its CSRF token: 403 in the one error shape."""
    body = JSONResponse(
        dict(error_document("csrf_failed", "the form was stale or forged; reload the page")),
        status_code=403,
    )
    await body(scope, _no_receive, send)


async def _no_receive() -> dict[str, Any]:
    return {"type": "http.disconnect"}
