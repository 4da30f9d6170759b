"""The programme lead's home: one team's grid, who needs a conversation, the funnel and the
phase distribution (``service.team_home``), each team figure hidden below the org's k."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ascent.service.team_home import TeamHome, team_home
from ascent.web import charts
from ascent.web.access import Reader
from ascent.web.pages import Access, as_of, page, render

router = APIRouter()


@page(router, "/team/{team_id}", name="team", access=Access.TEAM)
def team(request: Request, uow: Reader, team_id: int) -> Response:
    """The lead home of one team as of the page's day (a lead's own team, or an admin's)."""
    view = team_home(uow, team_id=team_id, as_of=as_of(request))
    return render(request, "lead_home.html", view, **team_charts(view))


def team_charts(view: TeamHome) -> dict[str, Any]:
    """The funnel and the phase distribution drawn from the view's own numbers (None when
    the figure is hidden)."""
    data = view.to_dict()
    funnel, distribution = data["funnel"], data["phase_distribution"]
    return {
        "funnel_chart": None if funnel is None else charts.funnel(funnel["stages"]),
        "distribution_chart": None
        if distribution is None
        else charts.phase_distribution(distribution["rows"]),
    }
