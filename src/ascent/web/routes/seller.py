"""The seller's home: today's plan with "done" per follow-up, the jigsaw and its weakest
piece, habits, the habit calendar, and a form for what no export has.

"Done" and the form record through ``service.manual_entry``, i.e. as Ascent CSV rows through
the import service, so what is logged here counts exactly like an imported row.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ascent.errors import AscentError
from ascent.service.days import read_day
from ascent.service.manual_entry import Entry, log_entry, record_done
from ascent.service.seller_home import SellerHome, seller_home
from ascent.web.access import Reader, Writer
from ascent.web.charts import habit_heatmap, pillars
from ascent.web.pages import Access, as_of, page, render

router = APIRouter()
#: the answer to an HTMX "done": the button's form becomes this
DONE = '<span class="done" role="status">done ✓</span>'


@page(router, "/seller/{person_id}", name="seller", access=Access.PERSON)
def home(request: Request, uow: Reader, person_id: int) -> Response:
    """The home as of ``?as_of`` (else today)."""
    return _home(request, seller_home(uow, person_id=person_id, as_of=as_of(request)))


@page(
    router,
    "/seller/{person_id}/done",
    name="seller.done",
    access=Access.SELF,
    methods=("POST",),
    twin=False,
)
def done(
    request: Request, uow: Writer, person_id: int, contact_id: Annotated[int, Form()]
) -> Response:
    """Record the touch a plan item asks for; HTMX swaps the button, a plain form goes back."""
    record_done(uow, person_id=person_id, contact_id=contact_id, day=_until_today(request))
    if request.headers.get("hx-request") == "true":
        return HTMLResponse(DONE)
    return RedirectResponse(_home_path(request, person_id), status_code=303)


@page(
    router,
    "/seller/{person_id}/log",
    name="seller.log",
    access=Access.SELF,
    methods=("POST",),
    twin=False,
)
def log(  # noqa: PLR0917 - one argument per form field
    request: Request,
    uow: Writer,
    person_id: int,
    kind: Annotated[str, Form(max_length=40)],
    contact: Annotated[str, Form(max_length=300)] = "",
    profile_url: Annotated[str, Form(max_length=500)] = "",
    day: Annotated[str, Form(max_length=40)] = "",
    amount: Annotated[str, Form(max_length=40)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Log a coffee, a call, a meeting or a deal; a refusal is shown above the form."""
    today = _until_today(request)
    form = {"kind": kind, "contact": contact, "profile_url": profile_url, "day": day}
    form |= {"amount": amount, "note": note}
    try:
        when = read_day(day.strip() or None, name="day", today=today)
        entry = Entry(kind, contact, when, profile_url, amount, note)
        log_entry(uow, person_id=person_id, entry=entry, as_of=today)
    except AscentError as exc:
        uow.session.rollback()  # the page is drawn from what is stored, not from the refusal
        view = seller_home(uow, person_id=person_id, as_of=today)
        return _home(request, view, status=400, log_error=str(exc), form=form)
    return RedirectResponse(_home_path(request, person_id) + "#logged", status_code=303)


def _until_today(request: Request) -> date:
    """The day a record is made for: the page's day, never after today (a page may show a
    day ahead, nothing may be recorded there)."""
    today: date = request.app.state.today()
    return min(as_of(request), today)


def _home(request: Request, view: SellerHome, *, status: int = 200, **extra: Any) -> Response:
    data = view.to_dict()
    charts = {
        "heatmap_chart": habit_heatmap(data["heatmap"]["days"], view.as_of),
        "pillars_chart": pillars(view.report.measures.pillars),
    }
    defaults = {"log_error": None, "form": _blank_form(view.as_of)}
    context = defaults | extra | charts | {"query": _query(request)}
    return render(request, "seller.html", view, status=status, **context)


def _blank_form(day: date) -> dict[str, str]:
    return {"kind": "coffee", "contact": "", "profile_url": "", "day": day.isoformat()} | {
        "amount": "",
        "note": "",
    }


def _query(request: Request) -> str:
    """The page's ``?as_of`` again, so a form acts on (and returns to) the day shown."""
    return f"?as_of={as_of(request).isoformat()}" if "as_of" in request.query_params else ""


def _home_path(request: Request, person_id: int) -> str:
    return f"/seller/{person_id}{_query(request)}"
