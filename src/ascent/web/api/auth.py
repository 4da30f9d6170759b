"""Who is calling the API, and may they: bearer tokens, the per-request unit of work, errors.

A route asks for an ``Api`` (its unit of work and acting user) through ``reads(access)`` or
``writes(access)``: the token comes from ``Authorization: Bearer …`` (no cookie, no CSRF),
acts as its user with the web's visibility (``web.access.allowed`` and its ``Access``
kinds, checked against the path's ``{person_id}`` or ``{team_id}``), and a ``read`` token
is refused on a write (403 ``forbidden``). No or a bad token: 401 ``unauthorized`` with
``WWW-Authenticate: Bearer``; what the viewer may not see answers as what does not exist
(404 ``hidden``).

Every route of an ``api_router()`` answers its errors in the one error shape, always JSON
(``ApiRoute``), whatever the client's ``Accept`` says.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from sqlalchemy.exc import DatabaseError, OperationalError

from ascent import bootstrap
from ascent.errors import AscentError, ErrorDocument, error_document
from ascent.service.tokens import ORG_ADMIN_ID, TokenUser, token_user
from ascent.service.users import UserView
from ascent.service.visibility import Viewer
from ascent.web.access import Access, Hidden, allowed, beyond_keys, viewer_of

__all__ = [
    "Access",
    "Api",
    "ApiRoute",
    "Forbidden",
    "Unauthorized",
    "api_router",
    "reads",
    "writes",
]

#: the statuses of the API's own error types (the others are the app's: ``web.app.STATUS``)
API_STATUS = {
    "unauthorized": 401,
    "bad_signature": 401,
    "forbidden": 403,
    "invalid_request": 400,
}
BEARER = HTTPBearer(auto_error=False, description="A token of `ascent tokens create`.")


class Unauthorized(AscentError):
    """No token, or one that is unknown or revoked."""

    def __init__(self) -> None:
        super().__init__("a valid bearer token is required (ascent tokens create)")


class Forbidden(AscentError):
    """A read token asked to change something."""

    def __init__(self) -> None:
        super().__init__("this token may only read (ascent tokens create --scope write)")


class ErrorDetailOut(BaseModel):
    type: str
    message: str
    file: str | None
    line: int | None


class ErrorOut(BaseModel):
    """The one error shape."""

    error: ErrorDetailOut


#: every API operation may answer these, in the one error shape
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text}
    for status, text in [
        (400, "A bad parameter or body"),
        (401, "No valid bearer token"),
        (403, "A read token on a write"),
        (404, "Not there, or not the caller's to see"),
        (503, "The database is busy or unreachable"),
    ]
}


@dataclass(frozen=True, slots=True)
class Api:
    """What a route works with: the request's unit of work and who is asking."""

    uow: bootstrap.UnitOfWork
    user: UserView
    scope: str

    @property
    def viewer(self) -> Viewer:
        return viewer_of(self.user)

    @property
    def user_id(self) -> int | None:
        """The caller's login for a ``user_id`` column (a job's, an edit's): None for a
        token made without a login (the org's admin has no ``users`` row)."""
        return None if self.user.id == ORG_ADMIN_ID else self.user.id

    def check(self, access: Access, **params: int) -> None:
        """Raise ``Hidden`` unless the caller may reach ``access`` for ``params`` (a
        ``person_id`` or ``team_id`` that is not in the path, e.g. a query's team)."""
        if not allowed(self.uow, self.user, access, {k: str(v) for k, v in params.items()}):
            raise Hidden


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]


def reads(access: Access = Access.USER) -> Callable[..., Iterator[Api]]:
    """The dependency of a reading route: a reader's unit of work, the token's user, checked
    against ``access`` for the path's ``{person_id}`` / ``{team_id}``."""
    return _api(access, write=False)


def writes(access: Access = Access.USER) -> Callable[..., Iterator[Api]]:
    """The dependency of a route that changes something: a write token, the writer's turn."""
    return _api(access, write=True)


def _api(access: Access, *, write: bool) -> Callable[..., Iterator[Api]]:
    def dependency(request: Request, credentials: Credentials) -> Iterator[Api]:
        if credentials is None:
            raise Unauthorized
        state = request.app.state
        with bootstrap.scoped_unit_of_work(state.engine, org=state.org, write=write) as uow:
            found = token_user(uow, raw=credentials.credentials)
            yield _admitted(uow, found, access, request, write=write)

    return dependency


def _admitted(
    uow: bootstrap.UnitOfWork,
    found: TokenUser | None,
    access: Access,
    request: Request,
    *,
    write: bool,
) -> Api:
    if found is None:
        raise Unauthorized
    request.state.user = found.user  # the request log names who asked
    if write and not found.may_write:
        raise Forbidden
    if beyond_keys(request.path_params):
        raise Hidden
    if not allowed(uow, found.user, access, request.path_params):
        raise Hidden
    return Api(uow, found.user, found.scope)


def error_json(document: ErrorDocument) -> JSONResponse:
    """``document`` as the API answers it: JSON, with its status (and the 401 challenge)."""
    from ascent.web.app import STATUS  # noqa: PLC0415 - the app imports this package

    kind = document["error"]["type"]
    status = API_STATUS.get(kind) or STATUS.get(kind, 400)
    headers = {"WWW-Authenticate": "Bearer"} if kind == "unauthorized" else None
    return JSONResponse(dict(document), status_code=status, headers=headers)


class ApiRoute(APIRoute):
    """A route that answers every error in the one error shape, as JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except AscentError as exc:
                return error_json(exc.to_dict())
            except RequestValidationError as exc:
                return error_json(error_document("invalid_request", _problems(exc)))
            except (OperationalError, DatabaseError) as exc:
                return error_json(error_document("database", f"database: {exc.orig}"))

        return handle


def _problems(exc: RequestValidationError) -> str:
    found = [f"{'.'.join(str(p) for p in e['loc']) or 'request'}: {e['msg']}" for e in exc.errors()]
    return "; ".join(found) or "bad request"


def api_router(**options: Any) -> APIRouter:
    """A router for one group of API resources; ``web.api`` includes it under ``/api/v1``."""
    return APIRouter(route_class=ApiRoute, responses=ERRORS, **options)
