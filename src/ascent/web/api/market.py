"""``/teams/{team_id}/market``: what the team's market says as of ``?as_of`` (rising terms,
the questions it asks, the gap to the team's own posts, the feeds; ``service.market``), the
very document ``ascent market --json`` prints. Everyone in the team, as the market page.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from ascent.service.market import market
from ascent.web.api.auth import Access, Api, api_router, reads
from ascent.web.api.outputs import AsOfQuery, Day, Moment, Out, day_asked

router = api_router(tags=["market"])
Member = Annotated[Api, Depends(reads(Access.TEAM_MEMBERS))]


class DaysOut(Out):
    first: Day
    last: Day


class WindowOut(DaysOut):
    days: int


class SourcesOut(Out):
    feed_items: int
    imported_posts: int
    own_posts: int
    own_posts_with_text: int


class RisingOut(Out):
    term: str
    lang: str | None
    this_week: int
    last_week: int
    change: int


class QuestionOut(Out):
    text: str
    day: Day
    source: str
    times: int


class QuestionGroupOut(Out):
    term: str | None
    count: int
    questions: list[QuestionOut]


class GapOut(Out):
    term: str
    lang: str | None
    texts: int


class FeedOut(Out):
    feed_id: int
    url: str
    title: str | None
    added_at: Moment | None
    fetched_at: Moment | None
    last_error: str | None
    items: int
    added: bool


class MarketOut(Out):
    team_id: int
    team: str
    as_of: Day
    version: int
    this_week: DaysOut
    last_week: DaysOut
    window: WindowOut
    sources: SourcesOut
    languages: dict[str, int]
    rising: list[RisingOut]
    questions: list[QuestionGroupOut]
    store_bodies: bool
    gap: list[GapOut] | None
    gap_note: str | None
    feeds: list[FeedOut]


@router.get("/teams/{team_id}/market", response_model=MarketOut)
def team_market(request: Request, api: Member, team_id: int, as_of: AsOfQuery = None) -> Any:
    """The team's market as of ``as_of`` (default today)."""
    day = day_asked(request, as_of, name="as_of")
    return market(api.uow, team_id=team_id, as_of=day).to_dict()
