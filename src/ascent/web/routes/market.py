"""The market page of a team: rising terms, the questions the market asks, the gap to the
team's own posts and the feeds they come from (``service.market``; ``ascent market``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ascent.service.market import MarketView, market
from ascent.web.access import Reader
from ascent.web.charts import market as charts
from ascent.web.pages import Access, as_of, page, render

router = APIRouter()


@page(router, "/team/{team_id}/market", name="market", access=Access.TEAM_MEMBERS)
def show(request: Request, uow: Reader, team_id: int) -> Response:
    """The team's market as of the page's day (its twin is ``ascent market --json``)."""
    view = market(uow, team_id=team_id, as_of=as_of(request))
    return render(request, "market.html", view, **market_charts(view))


def market_charts(view: MarketView) -> dict[str, Any]:
    """The page's charts, drawn from the very dict its twin serves."""
    data = view.to_dict()
    return {
        "rising_chart": charts.rising_terms(data) if data["rising"] else None,
        "questions_chart": charts.question_groups(data) if data["questions"] else None,
        "gap_chart": charts.gap_terms(data) if data["gap"] else None,
    }
