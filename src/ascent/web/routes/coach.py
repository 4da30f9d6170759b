"""The content coach: a text box for a draft post, its score and every point of it, and a
first line rewritten toward the reader. Anyone logged in may use it; nothing is stored.

The form posts to the page itself (HTMX swaps only the result in); the twin ``/coach.json``
answers a posted draft with the review's JSON, and a refused draft with the one error shape.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from ascent.errors import InputError
from ascent.service.coach import CoachView, coach_page
from ascent.web.charts.coach import draft_points
from ascent.web.pages import Access, page, render, wants_json

router = APIRouter()


@page(router, "/coach", name="coach", access=Access.USER)
def show(request: Request) -> Response:
    """The empty text box."""
    return render(request, "coach.html", coach_page(), points_chart=None)


@page(router, "/coach", name="coach.review", access=Access.USER, methods=("POST",), write=False)
def review(request: Request, draft: Annotated[str, Form()] = "") -> Response:
    """The posted draft's review (nothing is written: ``write=False``)."""
    try:
        view = coach_page(draft=draft)
    except InputError as exc:
        if wants_json(request):
            raise
        return render(request, "coach.html", CoachView(draft, error=exc.reason), status=400)
    return render(request, "coach.html", view, points_chart=draft_points(view.to_dict()["points"]))
