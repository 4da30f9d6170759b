"""Who is asking, and may they: the session cookie, the per-request unit of work, the guard.

Every route's guard (``pages.page`` adds it) resolves the viewer from the signed session
cookie and checks the route's ``Access`` against the path's ``{person_id}`` or
``{team_id}``. Someone not logged in is sent to the login page (a JSON twin answers 401); a
thing the viewer may not see answers exactly as one that does not exist (404).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from enum import StrEnum
from typing import Annotated

from fastapi import Depends, Request
from itsdangerous import BadSignature, URLSafeSerializer

from ascent import bootstrap
from ascent.errors import AscentError
from ascent.service.single_user import lone_seller
from ascent.service.users import UserView, session_user
from ascent.service.visibility import Viewer, may_see_person, may_see_team, visible_teams

SESSION_COOKIE = "ascent_session"
#: asgi-csrf's names: its cookie, header, form field and signing namespace
CSRF_COOKIE = CSRF_FIELD = CSRF_NAMESPACE = "csrftoken"
CSRF_HEADER = "x-csrftoken"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
LOOPBACK = frozenset({"127.0.0.1", "::1"})
LOOPBACK_NAMES = LOOPBACK | {"localhost"}
#: the largest id a key column holds (PostgreSQL's ``integer``)
MAX_ID = 2**31 - 1
#: how long the browser keeps the cookie; the session's own expiry lives in the database
COOKIE_SECONDS = 14 * 24 * 3600


class Access(StrEnum):
    """Who may reach a route; the path's ``{person_id}`` or ``{team_id}`` names whose it is."""

    #: anyone (log in, set a password, static files)
    PUBLIC = "public"
    #: anyone logged in (their own home, their imports)
    USER = "user"
    #: the person themself, the lead of their team, an admin
    PERSON = "person"
    #: the person themself only: what is recorded as their own doing (a coffee, a "done")
    SELF = "self"
    #: the person themself, an admin, not their lead: all that is held about them (an export)
    OWNER = "owner"
    #: the lead of the team, an admin
    TEAM = "team"
    #: everyone in the team (sellers too), the lead, an admin: the team's shared strategy
    TEAM_MEMBERS = "team_members"
    #: an admin of the org
    ADMIN = "admin"


class CsrfFailed(AscentError):
    """A form that changes something came without this browser's CSRF token."""

    def __init__(self) -> None:
        super().__init__("the form was stale or forged; reload the page")


class NotLoggedIn(AscentError):
    """The route needs a logged-in user and the request has no valid session."""


class Hidden(AscentError):
    """Not there, or not the viewer's to see: both answer the same."""

    def __init__(self) -> None:
        super().__init__("no such page")


def reader(request: Request) -> Iterator[bootstrap.UnitOfWork]:
    """The request's unit of work, reading: never waits for a writer."""
    state = request.app.state
    with bootstrap.scoped_unit_of_work(state.engine, org=state.org) as uow:
        yield uow


def writer(request: Request) -> Iterator[bootstrap.UnitOfWork]:
    """The request's unit of work for a form that changes something: takes the writer's turn."""
    state = request.app.state
    with bootstrap.scoped_unit_of_work(state.engine, org=state.org, write=True) as uow:
        yield uow


#: a route's unit of work, reading or writing (``Depends`` gives one per request)
Reader = Annotated[bootstrap.UnitOfWork, Depends(reader)]
Writer = Annotated[bootstrap.UnitOfWork, Depends(writer)]


def cookie_signer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt="ascent-session")


def session_token(request: Request) -> str | None:
    """The raw session token from the signed cookie, or None when absent or tampered with."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    try:
        token = request.app.state.signer.loads(cookie)
    except BadSignature:
        return None
    return token if isinstance(token, str) else None


def _look_up(request: Request, uow: bootstrap.UnitOfWork) -> UserView | None:
    """The logged-in user of this request (once per request), or None."""
    if not hasattr(request.state, "user"):
        token = session_token(request)
        request.state.user = session_user(uow, token=token) if token else None
    user: UserView | None = request.state.user
    return user


def user_of(request: Request) -> UserView:
    """The logged-in user the guard found for this request (routes that need one are never
    public, so the guard has already sent anybody else to log in)."""
    user: UserView | None = getattr(request.state, "user", None)
    if user is None:
        raise NotLoggedIn("log in to see this page")
    return user


def viewer_of(user: UserView) -> Viewer:
    """The user as visibility sees them."""
    return Viewer(user.role, user.person_id, user.team_id)


def guard(access: Access, *, write: bool = False) -> Callable[..., None]:
    """The dependency that enforces ``access`` on a route (see the module docstring)."""
    unit = writer if write else reader

    def check(request: Request, uow: bootstrap.UnitOfWork = Depends(unit)) -> None:  # noqa: B008
        if access is Access.PUBLIC:
            return
        if write and CSRF_COOKIE not in request.cookies:
            # asgi-csrf checks a form only when the request carries cookies; one that changes
            # something must (a cross-site form carries none: SameSite)
            raise CsrfFailed
        user = _look_up(request, uow)
        if user is None and request.app.state.auto_login and from_this_machine(request):
            user = request.state.user = lone_seller(uow)
            request.state.auto_login = user is not None
        if user is None:
            raise NotLoggedIn("log in to see this page")
        if beyond_keys(request.path_params) or not allowed(uow, user, access, request.path_params):
            raise Hidden
        request.state.teams = visible_teams(uow, viewer_of(user))

    return check


async def upload_token(request: Request) -> None:
    """The CSRF check of a multipart form (an upload): asgi-csrf reads the token from the
    ``x-csrftoken`` header or a urlencoded body, but its multipart parser no longer runs on
    python-multipart 0.0.25+ (simonw/asgi-csrf#38), so ``app`` lets multipart bodies pass it
    and this applies its rule once Starlette has parsed the form: the token (header or the
    form's first field) is the browser's signed CSRF cookie."""
    if request.method in SAFE_METHODS:
        return
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        return
    submitted = request.headers.get(CSRF_HEADER) or (await request.form()).get(CSRF_FIELD)
    if not _own_token(request, submitted, request.cookies.get(CSRF_COOKIE, "")):
        await request.close()  # the refused upload's spooled files: no route will close them
        raise CsrfFailed


def _own_token(request: Request, submitted: object, cookie: str) -> bool:
    """Whether ``submitted`` is this browser's CSRF cookie, signed by this app."""
    if not isinstance(submitted, str) or not secrets.compare_digest(submitted, cookie):
        return False
    try:
        request.app.state.csrf_signer.loads(cookie, CSRF_NAMESPACE)
    except BadSignature:
        return False
    return True


def from_this_machine(request: Request) -> bool:
    """Asked by this machine, by its own name: not through a proxy, not by a page of another
    site whose name was pointed at 127.0.0.1 (DNS rebinding)."""
    client = request.client.host if request.client else ""
    return client in LOOPBACK and request.url.hostname in LOOPBACK_NAMES


def allowed(
    uow: bootstrap.UnitOfWork, user: UserView, access: Access, params: dict[str, object]
) -> bool:
    viewer = viewer_of(user)
    if access is Access.ADMIN:
        return user.role == "admin" and _in_org(uow, viewer, params)
    if access is Access.PERSON:
        return may_see_person(uow, viewer, _id(params, "person_id"))
    if access is Access.SELF:
        return user.person_id is not None and user.person_id == _id(params, "person_id")
    if access is Access.OWNER:
        mine = user.person_id is not None and user.person_id == _id(params, "person_id")
        return mine or (user.role == "admin" and _in_org(uow, viewer, params))
    if access in (Access.TEAM, Access.TEAM_MEMBERS):
        members = access is Access.TEAM_MEMBERS
        return may_see_team(uow, viewer, _id(params, "team_id"), members=members)
    return True


def _in_org(uow: bootstrap.UnitOfWork, viewer: Viewer, params: dict[str, object]) -> bool:
    """Whether the person and team the path names are the org's: an admin's route about
    another org's (or no) person answers as the guard's 404, never with the service's own
    "no person 42" that would differ from one id to another."""
    if "person_id" in params and not may_see_person(uow, viewer, _id(params, "person_id")):
        return False
    team = "team_id" in params
    return not team or may_see_team(uow, viewer, _id(params, "team_id"), members=False)


def _id(params: dict[str, object], name: str) -> int:
    value = params.get(name)
    if not isinstance(value, str) or not value.isdecimal() or beyond_keys({name: value}):
        raise Hidden
    return int(value)


def beyond_keys(params: dict[str, object]) -> bool:
    """A path's ``…_id`` larger than any key (PostgreSQL's ``integer`` would raise, not find
    nothing): no such thing, for the pages and the API alike."""
    return any(
        name.endswith("_id") and text.isdecimal() and (len(text) > 10 or int(text) > MAX_ID)
        for name, value in params.items()
        if (text := str(value))
    )
