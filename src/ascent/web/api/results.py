"""``/teams/{team_id}/results/attribution|uplift|replication``: is it working, and where, as
of ``?as_of`` (``service.results``); each answers what ``ascent results … --json`` prints.
The team's lead and admins only, as the results page.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from ascent.service.results import attribution, replication, uplift
from ascent.web.api.auth import Access, Api, api_router, reads
from ascent.web.api.outputs import AsOfQuery, Day, Out, TeamRefOut, day_asked

router = api_router(tags=["results"])
Lead = Annotated[Api, Depends(reads(Access.TEAM))]


class CreditOut(Out):
    channel: str
    kind: str
    count: float
    amount: float | None


class SourceChannelCreditOut(Out):
    source_channel: str
    kind: str
    count: float
    amount: float | None


class TrafficCreditOut(Out):
    source: str
    medium: str
    campaign: str
    kind: str
    count: float
    amount: float | None


class MethodOut(Out):
    method: str
    label: str
    rows: list[CreditOut]


class AttributionOut(Out):
    team: TeamRefOut
    as_of: Day
    first_day: Day
    last_day: Day
    window_days: int
    outcomes: int
    by_source: list[SourceChannelCreditOut]
    by_traffic_source: list[TrafficCreditOut]
    methods: list[MethodOut]


class UpliftFigures(Out):
    account: str
    target: bool
    weeks_before: int
    weeks_after: int
    rate_before: float | None
    rate_after: float | None
    uplift: float | None
    ci_low: float | None
    ci_high: float | None
    verdict: str
    relative: float | None
    control_rate_before: float | None
    control_rate_after: float | None
    outcomes_before: int
    outcomes_after: int


class AccountUpliftOut(UpliftFigures):
    person: str
    person_id: int


class UpliftOut(Out):
    team: TeamRefOut
    as_of: Day
    accounts: list[AccountUpliftOut]
    programme: UpliftFigures
    without_start: list[str]


class AccountReplicationOut(Out):
    account: str
    routine_weeks: int
    routine: bool
    outcomes: int


class SellerReplicationOut(Out):
    person: str
    person_id: int
    target_accounts: int
    accounts_with_routine: int
    accounts_with_outcomes: int
    accounts_with_both: int
    replication: float | None
    flags: list[str]
    evidence: str
    up_account: str | None
    not_carried_to: list[str]
    effort_before: float | None
    effort_now: float | None
    accounts: list[AccountReplicationOut]


class ReplicationOut(Out):
    team: TeamRefOut
    as_of: Day
    routine_weeks: int
    routine_min_weeks: int
    sellers: list[SellerReplicationOut]


@router.get("/teams/{team_id}/results/attribution", response_model=AttributionOut)
def team_attribution(request: Request, api: Lead, team_id: int, as_of: AsOfQuery = None) -> Any:
    """The team's outcomes by source and by the touches before them (three methods)."""
    day = day_asked(request, as_of, name="as_of")
    return attribution(api.uow, team_id=team_id, as_of=day).to_dict()


@router.get("/teams/{team_id}/results/uplift", response_model=UpliftOut)
def team_uplift(request: Request, api: Lead, team_id: int, as_of: AsOfQuery = None) -> Any:
    """Uplift of each target account each seller works, against their control accounts."""
    day = day_asked(request, as_of, name="as_of")
    return uplift(api.uow, team_id=team_id, as_of=day).to_dict()


@router.get("/teams/{team_id}/results/replication", response_model=ReplicationOut)
def team_replication(request: Request, api: Lead, team_id: int, as_of: AsOfQuery = None) -> Any:
    """Per seller: the target accounts where the routine runs and produces outcomes."""
    day = day_asked(request, as_of, name="as_of")
    return replication(api.uow, team_id=team_id, as_of=day).to_dict()
