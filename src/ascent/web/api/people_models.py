"""The shapes of ``api.people``'s answers (the OpenAPI document's schemas): the very dicts
of the services' views (``to_dict``), field for field, with the person's and team's ids."""

from __future__ import annotations

from pydantic import BaseModel, Field


class PursuitSummaryOut(BaseModel):
    count: int
    answered: int
    answer_rate: float | None
    #: touches it took -> how many pursuits were first answered after that many
    touches_to_first_answer: dict[str, int]
    median_touches_to_first_answer: float | None


class UntargetedOut(BaseModel):
    kind: str
    channel: str
    count: int


class WeekOut(BaseModel):
    week: str
    day: str
    phase: str
    quit_risk: float
    effort: float | None
    consistency: float | None
    outcomes: int
    reason: str


class PersonOut(BaseModel):
    """One person with every measure as of ``as_of`` (DESIGN §5 names; ``ascent people``)."""

    id: int
    team_id: int
    person: str
    email: str | None
    team: str
    counts: dict[str, int]
    outcomes: int
    last_activity: str | None
    metrics_version: int
    as_of: str
    programme_start: str | None
    phase: str
    quit_risk: float
    reason: str
    jigsaw: float
    additive: float
    pillars: dict[str, float]
    weakest_pillar: str | None
    pillar_notes: dict[str, str]
    listen_push_ratio: float | None
    habit: dict[str, float]
    pursuits: PursuitSummaryOut
    strategy_coverage: float | None
    effort: int
    by_tactic: dict[str, int]
    tactics_without_strategy: list[UntargetedOut]


class PersonReportOut(PersonOut):
    """One person's report with the weekly phase timeline (``ascent person``)."""

    timeline: list[WeekOut]


class PursuitOut(BaseModel):
    person: str
    contact: str | None
    contact_id: int
    account: str | None
    touches: int
    answered: bool
    touches_to_first_answer: int | None
    status: str
    flags: list[str]
    first_touch: str
    last_touch: str
    next_touch_due: str | None
    due: bool


class PlanItemOut(BaseModel):
    #: follow_up, rescue, repeat, engage or publish
    kind: str
    text: str
    contact: str | None
    contact_id: int | None


class PlanOut(BaseModel):
    as_of: str
    phase: str
    opener: str
    items: list[PlanItemOut] = Field(description="What to do, in order.")


class TeamOut(BaseModel):
    id: int
    name: str


class UserOut(BaseModel):
    id: int
    email: str
    #: seller, lead or admin
    role: str
    name: str
    person_id: int | None
    team_id: int | None
    team: str | None
