"""``/teams/{team_id}/strategy``: a team's goals, tactics and targets, read by everyone in
the team (as its page), replaced by its lead or an admin with a YAML document read exactly
as ``ascent strategy load`` reads a file (``service.strategy_page.load_yaml_upload``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Body, Depends

from ascent.service.directory import team_name
from ascent.service.strategy import team_strategy
from ascent.service.strategy_page import YAML_BYTES, load_yaml_upload
from ascent.web.api.auth import Access, Api, api_router, reads, writes
from ascent.web.api.outputs import Day, Out

router = api_router(tags=["strategy"])
Member = Annotated[Api, Depends(reads(Access.TEAM_MEMBERS))]
Lead = Annotated[Api, Depends(writes(Access.TEAM))]
#: the document, as the file ``ascent strategy load`` reads (docs/strategy.md)
YAML_EXAMPLE = """team: Team North
goals:
  - name: Meetings in target accounts
    outcome: meeting_booked
tactics:
  - name: Follow up prospects
    serves: Meetings in target accounts
    kinds: [message_out, call]
targets:
  accounts: [Acme Example Ltd]
"""
Document = Annotated[
    str,
    Body(
        media_type="application/yaml",
        max_length=YAML_BYTES,
        description="The strategy as YAML (docs/strategy.md); its `team` must be this team.",
        examples=[YAML_EXAMPLE],
    ),
]


class GoalOut(Out):
    name: str
    outcome: str | None


class TacticOut(Out):
    name: str
    serves: str | None
    kinds: list[str]
    channels: list[str]
    cadence: str | None


class TargetsOut(Out):
    accounts: list[str]
    personas: list[str]


class StrategyOut(Out):
    team: str
    programme_start: Day | None
    goals: list[GoalOut]
    tactics: list[TacticOut]
    targets: TargetsOut


@router.get("/teams/{team_id}/strategy", response_model=StrategyOut)
def show(api: Member, team_id: int) -> Any:
    """The team's saved strategy (404 ``not_found`` when none was loaded)."""
    return team_strategy(api.uow, team=team_name(api.uow, team_id=team_id)).to_dict()


@router.put("/teams/{team_id}/strategy", response_model=StrategyOut)
def load(api: Lead, team_id: int, document: Document) -> Any:
    """Replace the team's strategy with a YAML document; a bad one is a 400 ``input_error``
    naming the line, and nothing is saved."""
    load_yaml_upload(api.uow, team_id=team_id, filename="strategy.yaml", data=document.encode())
    return team_strategy(api.uow, team=team_name(api.uow, team_id=team_id)).to_dict()
