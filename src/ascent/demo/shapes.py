"""How each persona behaves over time: the knobs the simulation turns (DESIGN §8).

A shape is a handful of rates and a pursuit style. Effort is a step curve over the weeks
since the persona started, which is how the quitter fades and the doubter drops to under
half. Anything a test asserts exactly (10 touches, 1-2 touches, answers only in one account,
nothing in the last 35 days) is fixed here rather than left to chance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from ascent.demo.personas import NOT_STARTED_KEY


@dataclass(frozen=True, slots=True)
class PursuitStyle:
    """How a persona pursues prospects and how prospects respond.

    A pursuit sends touches 2-4 working days apart. If it is an answering pursuit (chance
    ``answer_share``, account index in ``answer_accounts``) the prospect answers after touch
    number ``answer_at`` (drawn from the range) provided that touch is no earlier than
    ``answers_within`` days before the end; otherwise the persona stops after ``give_up``
    touches.
    """

    per_week: float = 0.0
    give_up: tuple[int, int] = (7, 8)
    answer_at: tuple[int, int] | None = None
    answer_share: float = 0.0
    answer_accounts: tuple[int, ...] | None = None
    answers_within: int | None = None
    #: share of pursuits aimed at target account 0 (the rest go round the other five)
    focus_first: float = 1 / 6
    meeting: float = 0.0
    opportunity: float = 0.0
    won: float = 0.0
    referral: float = 0.0


@dataclass(frozen=True, slots=True)
class Shape:
    """Rates per active day at full effort, and when the persona is active at all."""

    #: first active day, in days before the end; None = the whole programme
    start_days_before_end: int | None = None
    #: no activity in the last ``stop_days_before_end`` days
    stop_days_before_end: int = 0
    effort: tuple[tuple[int, float], ...] = ((0, 1.0),)
    consistency: float = 0.8
    weekend: float = 0.05
    posts: float = 0.0
    self_focused: float = 0.2
    comments: float = 0.0
    reactions: float = 0.0
    invites: float = 0.0
    invites_in_targets: float = 0.7
    incoming_invites_per_week: float = 0.5
    pursuit: PursuitStyle = field(default_factory=PursuitStyle)
    #: old connections from years before the programme
    history_tail: int = 40

    def effort_in_week(self, week: int) -> float:
        """The effort multiplier in the ``week``-th week since the persona started."""
        level = 0.0
        for from_week, value in self.effort:
            if week >= from_week:
                level = value
        return level


_STEADY_PURSUIT = PursuitStyle(
    per_week=2.5,
    give_up=(7, 8),
    answer_at=(5, 7),
    answer_share=0.55,
    meeting=0.85,
    opportunity=0.6,
    won=0.55,
)

SHAPES: Final[dict[str, Shape]] = {
    "steady": Shape(
        consistency=0.9,
        posts=0.6,
        comments=2,
        reactions=5,
        invites=1,
        pursuit=_STEADY_PURSUIT,
        history_tail=320,
    ),
    "steady_south": Shape(
        consistency=0.85,
        posts=0.5,
        comments=2.5,
        reactions=4,
        invites=0.8,
        pursuit=_STEADY_PURSUIT,
        history_tail=150,
    ),
    "quitter": Shape(
        stop_days_before_end=35,
        effort=((0, 1.0), (3, 0.55), (8, 0.3)),
        consistency=0.9,
        posts=0.7,
        comments=2,
        reactions=4,
        invites=1,
        pursuit=PursuitStyle(per_week=2, give_up=(2, 4)),
        history_tail=200,
    ),
    # the source story: one key account answers fast and grows, the routine never reaches
    # the other five (few touches there), and the effort slips over the last eight weeks
    "wonder": Shape(
        effort=((0, 1.6), (6, 1.0), (17, 0.6), (23, 0.3)),
        consistency=0.8,
        posts=0.5,
        comments=1.5,
        reactions=4,
        invites=0.8,
        invites_in_targets=0.3,
        pursuit=PursuitStyle(
            per_week=2.5,
            give_up=(4, 6),
            answer_at=(2, 3),
            answer_share=0.45,
            answer_accounts=(0,),
            focus_first=0.85,
            meeting=1.0,
            opportunity=0.5,
            won=0.6,
        ),
    ),
    "pusher": Shape(
        consistency=1.0,
        weekend=1.0,
        posts=1.0,
        self_focused=0.8,
        invites=0.3,
        invites_in_targets=0.3,
    ),
    "grinder": Shape(
        consistency=0.85,
        posts=0.4,
        comments=2,
        reactions=4,
        invites=0.6,
        pursuit=PursuitStyle(
            per_week=2,
            give_up=(5, 7),
            answer_at=(5, 7),
            answer_share=1.0,
            answers_within=21,
            focus_first=0.5,
            answer_accounts=(0,),
            meeting=1.0,
            opportunity=0.3,
        ),
    ),
    "lead_north": Shape(
        consistency=0.3,
        posts=0.3,
        comments=1,
        reactions=3,
        invites=0.3,
        pursuit=PursuitStyle(
            per_week=0.8, give_up=(4, 6), answer_at=(3, 5), answer_share=0.7, meeting=0.8
        ),
        history_tail=500,
    ),
    "connector": Shape(
        consistency=0.35,
        posts=0.2,
        comments=1,
        reactions=3,
        invites=4,
        invites_in_targets=0.85,
        pursuit=PursuitStyle(
            per_week=0.7,
            give_up=(3, 5),
            answer_at=(2, 4),
            answer_share=0.5,
            meeting=0.5,
            referral=0.4,
        ),
    ),
    "under": Shape(
        consistency=0.75,
        posts=0.4,
        comments=1,
        reactions=3,
        invites=0.5,
        pursuit=PursuitStyle(per_week=4, give_up=(1, 2)),
    ),
    "over": Shape(
        consistency=0.8,
        posts=0.3,
        comments=1,
        reactions=3,
        invites=0.5,
        pursuit=PursuitStyle(per_week=1.5, give_up=(10, 10)),
    ),
    "newcomer": Shape(
        start_days_before_end=10,
        consistency=1.0,
        posts=0.8,
        comments=2,
        reactions=5,
        invites=2,
        pursuit=PursuitStyle(per_week=3, give_up=(7, 8)),
        history_tail=120,
    ),
    "listener": Shape(
        consistency=0.85,
        posts=0.05,
        comments=3,
        reactions=7,
        invites=0.5,
        pursuit=PursuitStyle(
            per_week=1,
            give_up=(5, 7),
            answer_at=(4, 6),
            answer_share=0.8,
            answer_accounts=(0,),
            focus_first=0.4,
            meeting=1.0,
        ),
    ),
    "doubter": Shape(
        start_days_before_end=42,
        effort=((0, 1.0), (3, 0.4)),
        consistency=0.9,
        posts=0.6,
        comments=2,
        reactions=4,
        invites=1,
        pursuit=PursuitStyle(per_week=2, give_up=(3, 5)),
    ),
    NOT_STARTED_KEY: Shape(consistency=0.0, incoming_invites_per_week=0.0, history_tail=90),
}
