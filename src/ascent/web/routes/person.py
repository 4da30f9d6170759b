"""The person page: phase timeline against the change curve (with the reason for each change),
pillars, listening against pushing per week, activity by channel, the pursuits due first, and
the content coach's score of each post over time.

Whose page it is comes from the path; the guard (``Access.PERSON``) lets only the person,
their lead and admins in. The charts are drawn from the very dict the JSON twin serves.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ascent.service.person_page import person_page
from ascent.web import charts
from ascent.web.access import Reader
from ascent.web.charts.coach import post_scores_over_time
from ascent.web.pages import Access, as_of, page, render

router = APIRouter()


@page(router, "/person/{person_id}", name="person", access=Access.PERSON)
def show(request: Request, uow: Reader, person_id: int) -> Response:
    """One person's progress as of the page's day."""
    view = person_page(uow, person_id=person_id, as_of=as_of(request))
    return render(request, "person.html", view, specs=person_charts(view.to_dict()))


def person_charts(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The page's five charts, from the twin's dict."""
    return {
        "timeline": charts.phase_timeline(data["timeline"]),
        "pillars": charts.pillars(data["pillars"]),
        "listen_push": charts.listen_push_over_time(data["listen_push_weeks"]),
        "channels": charts.activity_by_channel(data["activity_by_channel"]),
        "post_scores": post_scores_over_time(data["post_scores"]),
    }
