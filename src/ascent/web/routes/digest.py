"""The weekly digest's page: the logged-in user's own digest as the e-mail draws it (its HTML
body inside the app's layout, its charts as the e-mail's PNGs in ``data:`` images), whether
they get it, and a form to turn it off or on (the flag ``ascent digest off|on`` sets).

The twin ``/digest.json`` is the digest's data (as ``ascent digest send --json`` has it) and
``digest_off``.
"""

from __future__ import annotations

import base64
import re
from typing import Annotated, Final
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from ascent.errors import ConfigError
from ascent.service.digest import Digest
from ascent.service.digest_page import digest_page, turn_digest
from ascent.web.access import Reader, Writer, user_of
from ascent.web.digest import message
from ascent.web.pages import Access, as_of, page, render, wants_json

router = APIRouter()

#: the e-mail's From when drawn for the page (never shown, never sent)
PAGE_SENDER: Final = "ascent@ascent.invalid"
BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL | re.IGNORECASE)
#: a script in markup (escaped data has no "<", so this finds tags only)
SCRIPT = re.compile(r"<\s*script|<[^>]*(\son\w+\s*=|javascript:)", re.IGNORECASE)


@page(router, "/digest", name="digest", access=Access.USER)
def show(request: Request, uow: Reader) -> Response:
    """The user's weekly digest as of the page's day, and whether they get it."""
    view = digest_page(uow, user=user_of(request), as_of=as_of(request))
    if wants_json(request):
        return render(request, "digest_page.html", view)
    mail = None if view.digest is None else mail_body(view.digest)
    return render(request, "digest_page.html", view, mail=mail)


@page(router, "/digest", name="digest.set", access=Access.USER, methods=("POST",), twin=False)
def switch(request: Request, uow: Writer, digest: Annotated[str, Form()] = "") -> Response:
    """Turn the user's weekly digest off (``digest=off``) or on (``digest=on``)."""
    if digest not in ("off", "on"):
        raise ConfigError(f"digest {digest!r}: use off or on")
    turn_digest(uow, user=user_of(request), off=digest == "off")
    day = request.query_params.get("as_of")  # back to the day the form was on
    query = f"?{urlencode({'as_of': day})}" if day else ""
    return RedirectResponse(f"/digest{query}", status_code=303)


def mail_body(digest: Digest) -> Markup:
    """The HTML body of the e-mail ``digest`` is sent as, its ``cid:`` images made ``data:``
    images. The e-mail's templates escape every value (``web.report.environment``) and hold
    no script; the page refuses one rather than show it."""
    mail = message(digest, sender=PAGE_SENDER)
    part = mail.get_body(preferencelist=("html",))
    assert part is not None
    text = str(part.get_content())
    for each in mail.walk():
        if each.get_content_type() == "image/png":
            cid = str(each["Content-ID"])[1:-1]
            png = base64.b64encode(each.get_content()).decode("ascii")
            text = text.replace(f"cid:{cid}", f"data:image/png;base64,{png}")
    found = BODY.search(text)
    body = found.group(1) if found else ""
    if SCRIPT.search(body):
        raise AssertionError("the digest's e-mail holds a script")  # pragma: no cover
    return Markup(body)  # noqa: S704 - the e-mail's own autoescaped template, no script
