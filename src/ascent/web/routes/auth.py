"""Logging in and out, setting a password from a one-time link, and the way home."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from ascent.errors import AscentError
from ascent.service.users import log_in, log_out, use_reset
from ascent.service.visibility import home_path
from ascent.web.access import (
    COOKIE_SECONDS,
    SESSION_COOKIE,
    Access,
    Reader,
    Writer,
    session_token,
    user_of,
)
from ascent.web.pages import html, page

router = APIRouter()


@page(router, "/", name="home", access=Access.USER, twin=False)
def home(request: Request, uow: Reader) -> Response:
    """Each user's own home: a seller's plan, a lead's team, an admin's first team."""
    user = user_of(request)
    return RedirectResponse(home_path(uow, user.role, user.person_id, user.team_id), 303)


@page(router, "/login", name="login", access=Access.PUBLIC, twin=False)
def login_form(request: Request, next: str = "/") -> Response:
    return html(request, "login.html", next=_local(next), email="", message=None)


@page(router, "/login", name="login.post", access=Access.PUBLIC, methods=("POST",), twin=False)
def login(
    request: Request,
    uow: Writer,
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    client = request.client.host if request.client else "unknown"
    earlier = session_token(request)
    try:
        _user, token = log_in(uow, email=email, password=password, client=client)
    except AscentError as exc:
        status = 429 if type(exc).__name__ == "LoginThrottled" else 401
        context = {"next": _local(next), "email": email, "message": str(exc)}
        return html(request, "login.html", status=status, **context)
    if earlier:  # this browser's earlier session ends: one browser, one session
        log_out(uow, token=earlier)
    response = RedirectResponse(_local(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        request.app.state.signer.dumps(token),
        max_age=COOKIE_SECONDS,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


@page(router, "/logout", name="logout", access=Access.PUBLIC, methods=("POST",), twin=False)
def logout(request: Request, uow: Writer) -> Response:
    token = session_token(request)
    if token:
        log_out(uow, token=token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@page(router, "/reset/{token}", name="reset", access=Access.PUBLIC, twin=False)
def reset_form(request: Request, token: str) -> Response:
    return html(request, "reset.html", token=token, message=None)


@page(
    router, "/reset/{token}", name="reset.post", access=Access.PUBLIC, methods=("POST",), twin=False
)
def reset(
    request: Request,
    uow: Writer,
    token: str,
    password: Annotated[str, Form(min_length=8, max_length=1000)],
) -> Response:
    try:
        use_reset(uow, token=token, password=password)
    except AscentError as exc:
        return html(request, "reset.html", status=400, token=token, message=str(exc))
    return RedirectResponse("/login?reset=1", status_code=303)


def _local(target: str) -> str:
    """Only a path on this site may follow a login (no open redirect to another host)."""
    if not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target
