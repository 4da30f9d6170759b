"""The team's results page: attribution, uplift and replication (``service.results``), each
with its charts; its JSON twin holds the three documents ``ascent results`` prints."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ascent.service.results import ResultsPage, results_page
from ascent.web.access import Reader
from ascent.web.charts import results as charts
from ascent.web.pages import Access, as_of, page, render

router = APIRouter()


@page(router, "/team/{team_id}/results", name="team_results", access=Access.TEAM)
def team_results(request: Request, uow: Reader, team_id: int) -> Response:
    """Is it working, and where: the team's results as of the page's day."""
    view = results_page(uow, team_id=team_id, as_of=as_of(request))
    return render(request, "results.html", view, **results_charts(view))


def results_charts(view: ResultsPage) -> dict[str, Any]:
    """Every chart of the page, drawn from the view's own numbers."""
    data = view.to_dict()
    return {
        "attribution_charts": charts.attribution_charts(data["attribution"]),
        "uplift_chart": charts.uplift(data["uplift"]),
        "replication_chart": charts.replication(data["replication"]),
    }
