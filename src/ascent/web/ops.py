"""What an operator needs of a running server: health checks and the request log.

- ``GET /healthz``: liveness, the process answers (no database, no login).
- ``GET /readyz``: readiness, the database answers and its schema is the one this release
  needs (``service.backup.schema_state``): 200 ``{"status": "ok", …}``, else 503 in the one
  error shape, so that a proxy or an orchestrator sends no traffic to this worker.
- ``RequestLog``: a pure ASGI middleware, the outermost, that gives every request an id (a
  safe ``X-Request-ID`` from the proxy, else a new one), echoes it in the response, and logs
  one line when the response is sent: method, path, status, duration, the user when known.
  Never a query string, a header, a cookie or a body; a path segment that may be a secret
  (24 or more URL-safe characters: the one-time link's ``/reset/{token}`` has 43) is
  logged as ``…``.
- ``configure_logging`` / ``logging_config``: JSON lines on stderr (one object a line:
  ``time``, ``level``, ``logger``, ``message``, and the request's fields), for
  ``ascent serve`` and ``ascent worker``; every line logged while a request is served
  carries its ``request_id``.
"""

from __future__ import annotations

import contextvars
import json
import logging
import logging.config
import re
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ascent.errors import error_document, one_line
from ascent.service.backup import schema_state

router = APIRouter(include_in_schema=False)
LOG = logging.getLogger("ascent.web.requests")
HEADER = b"x-request-id"
#: a request id a proxy may give: short, and nothing a log reader could be fooled by
SAFE_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
#: a path segment that may be a token (``secrets.token_urlsafe(32)`` gives 43 characters)
SECRET_SEGMENT = re.compile(r"(?<=/)[A-Za-z0-9_-]{24,}(?=/|$)")
#: the request fields a log line may carry, in the order they are written
FIELDS = ("request_id", "method", "path", "status", "duration_ms", "user_id")
_REQUEST_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """Liveness: the process answers."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(request: Request) -> JSONResponse:
    """Readiness: the database answers, at the schema this release needs."""
    try:
        state = schema_state(request.app.state.engine)
    except DBAPIError as exc:
        document = error_document("database", f"database: {exc.orig}")
        return JSONResponse(dict(document), status_code=503)
    if not state.ready:
        message = (
            f"the database is at schema {state.revision}, this release needs {state.head}: "
            "run ascent db upgrade"
        )
        return JSONResponse(dict(error_document("not_ready", message)), status_code=503)
    return JSONResponse({"status": "ok", **state.to_dict()})


class RequestLog:
    """Give each request an id, echo it as ``X-Request-ID`` and log the request's line."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        # the routes put the user there (``request.state.user``); made here, so that the
        # copies of the scope that middleware below make share it
        scope.setdefault("state", {})
        token = _REQUEST_ID.set(request_id)
        start = time.perf_counter()
        status = 500

        async def sent(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [*message.get("headers", []), (HEADER, request_id.encode())]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, sent)
        finally:
            took = round((time.perf_counter() - start) * 1000, 1)
            _log_request(scope, status, took)
            _REQUEST_ID.reset(token)


def _request_id(scope: Scope) -> str:
    given = dict(scope.get("headers") or []).get(HEADER, b"").decode("latin-1")
    return given if SAFE_ID.fullmatch(given) else uuid.uuid4().hex


def _log_request(scope: Scope, status: int, took: float) -> None:
    path = _logged_path(scope)
    user = (scope.get("state") or {}).get("user")
    fields = {
        "method": scope["method"],
        "path": path,
        "status": status,
        "duration_ms": took,
        "user_id": getattr(user, "id", None),
    }
    LOG.info("%s %s %s", scope["method"], path, status, extra=fields)


def _logged_path(scope: Scope) -> str:
    """The path, what may be a token as ``…``; never the query string."""
    return one_line(SECRET_SEGMENT.sub("…", str(scope.get("path", ""))))


class JsonLines(logging.Formatter):
    """One JSON object a line: time (UTC, ISO), level, logger, message, the request's fields
    (those a record carries, and the id of the request being served), the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or _REQUEST_ID.get()
        if request_id is not None:
            line["request_id"] = request_id
        for field in FIELDS[1:]:
            if field in record.__dict__:
                line[field] = record.__dict__[field]
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def logging_config(*, json: bool = True, level: str = "INFO") -> dict[str, Any]:
    """A ``logging.config.dictConfig`` (also uvicorn's ``log_config``): everything to stderr,
    as JSON lines or as plain text; uvicorn's own access log off (``RequestLog`` has it)."""
    formatter = (
        {"()": f"{__name__}.JsonLines"}
        if json
        else {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"ascent": formatter},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "ascent",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            "uvicorn": {"handlers": [], "propagate": True},
            # the server says where it serves itself; uvicorn's own start lines only repeat it
            "uvicorn.error": {"handlers": [], "propagate": True, "level": "WARNING"},
            "uvicorn.access": {"handlers": [], "propagate": False, "level": "WARNING"},
        },
    }


def configure_logging(*, json: bool = True, level: str = "INFO") -> None:
    """Log to stderr as JSON lines (``json``) or plain text, from ``level`` up."""
    logging.config.dictConfig(logging_config(json=json, level=level))
