"""Today's plan: short, ordered, encouraging and aware of where the person is on the curve.

Order: the pursuits due (the 5–7 touches that make a sale), those about to go cold, what
worked in one target account to repeat in the others (replication's
``single_account_success``), whom to listen to, what to publish. Never more than
``MAX_ITEMS`` lines, and never a quota: the source material warns that rigid numeric goals
kill motivation, so lines suggest, they don't score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from ascent.analytics.person import PersonMeasures
from ascent.analytics.pursuits import Pursuit
from ascent.analytics.results.replication import Replication
from ascent.domain.vocabulary import Phase

MAX_ITEMS: Final = 8
MAX_FOLLOW_UPS: Final = 4
#: accounts named in "repeat in X what worked in Y" before the rest are counted
MAX_REPEAT_ACCOUNTS: Final = 3
#: warn this many days before a pursuit would go cold
COLD_WARNING_DAYS: Final = 5

OPENERS: Final[Mapping[Phase, str]] = {
    Phase.NOT_STARTED: "Start small: one post, three thoughtful comments, one message to a "
    "target prospect. That is a complete first day.",
    Phase.UNINFORMED_OPTIMISM: "Good start. Results take weeks, not days: the routine is the "
    "thing to protect now.",
    Phase.INFORMED_PESSIMISM: "It feels slower than expected: that is normal at this point. "
    "Keep the routine small but daily.",
    Phase.VALLEY_OF_DESPAIR: "This is the valley: effort without results yet, where most people "
    "quit. The ones who keep going are the ones who get results. Keep going today.",
    Phase.INFORMED_OPTIMISM: "Results are starting. Repeat what produced them, in more accounts.",
    Phase.SUCCESS: "Your routine is working. Keep it, and spread it to the accounts that have "
    "not answered yet.",
    Phase.LAPSED: "Welcome back. Pick up where you left off: one touch to a prospect who answered "
    "before is the easiest restart.",
}


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One line of the plan: ``kind`` is follow_up, rescue, repeat, engage or publish."""

    kind: str
    text: str
    contact: str | None = None
    #: the contact's id, for a follow-up or a rescue: names alone are often shared
    contact_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "contact": self.contact,
            "contact_id": self.contact_id,
        }


@dataclass(frozen=True, slots=True)
class TodayPlan:
    as_of: date
    phase: Phase
    opener: str
    items: tuple[PlanItem, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "phase": self.phase,
            "opener": self.opener,
            "items": [i.to_dict() for i in self.items],
        }


@dataclass(frozen=True, slots=True)
class NamedPursuit:
    """A pursuit with the contact's name and account, as the person knows them."""

    pursuit: Pursuit
    contact: str
    account: str | None = None

    @property
    def who(self) -> str:
        return f"{self.contact} ({self.account})" if self.account else self.contact


def plan_today(
    measures: PersonMeasures,
    pursuits: Sequence[NamedPursuit],
    *,
    last_post: date | None,
    as_of: date,
    touches_min: int,
    touches_max: int,
    cold_after_days: int,
    replication: Replication | None = None,
) -> TodayPlan:
    """The plan for ``as_of``, from the person's measures and named pursuits, and their
    replication across target accounts when it is known."""
    items = [
        *_follow_ups(pursuits, touches_min, touches_max),
        *_rescues(pursuits, as_of, cold_after_days),
        *_repeat(replication),
        *_listening(measures, pursuits),
        *_publishing(measures, last_post, as_of),
    ]
    return TodayPlan(
        as_of, measures.phase, OPENERS.get(measures.phase, ""), tuple(items[:MAX_ITEMS])
    )


def _follow_ups(pursuits: Sequence[NamedPursuit], lo: int, hi: int) -> list[PlanItem]:
    due = sorted(
        (p for p in pursuits if p.pursuit.due),
        key=lambda p: (p.pursuit.next_touch_due or p.pursuit.last_touch, p.contact),
    )
    return [
        PlanItem(
            "follow_up",
            f"Follow up {p.who}: touch {p.pursuit.touches + 1} "
            f"(answers usually come after {lo}–{hi - 1}); last touch "
            f"{p.pursuit.last_touch.isoformat()}.",
            p.contact,
            p.pursuit.contact_id,
        )
        for p in due[:MAX_FOLLOW_UPS]
    ]


def _rescues(pursuits: Sequence[NamedPursuit], as_of: date, cold_after: int) -> list[PlanItem]:
    """Open pursuits that will go cold within ``COLD_WARNING_DAYS`` and are not due yet."""
    items = []
    for p in sorted(pursuits, key=lambda p: p.pursuit.last_touch):
        idle = (as_of - p.pursuit.last_touch).days
        if (
            p.pursuit.status == "open"
            and not p.pursuit.due
            and idle >= cold_after - COLD_WARNING_DAYS
        ):
            items.append(
                PlanItem(
                    "rescue",
                    f"{p.who} goes cold in {cold_after - idle} days: "
                    "one more touch keeps the door open.",
                    p.contact,
                    p.pursuit.contact_id,
                )
            )
    return items[:2]


def _repeat(replication: Replication | None) -> list[PlanItem]:
    """ "Repeat in X what worked in Y" when one account came good and the routine that did it
    was not carried to the others (``single_account_success``)."""
    if replication is None or not replication.flags or replication.up_account is None:
        return []
    others = list(replication.not_carried_to)
    named = ", ".join(others[:MAX_REPEAT_ACCOUNTS])
    if len(others) > MAX_REPEAT_ACCOUNTS:
        named += f" and {len(others) - MAX_REPEAT_ACCOUNTS} more"
    up = replication.up_account
    return [
        PlanItem(
            "repeat",
            f"Repeat in {named} what worked in {up}: touch the people you want to reach there "
            f"every week, as you did at {up} before it answered.",
        )
    ]


def _listening(measures: PersonMeasures, pursuits: Sequence[NamedPursuit]) -> list[PlanItem]:
    warm = [p for p in pursuits if p.pursuit.status in {"answered", "meeting"}]
    names = ", ".join(p.contact for p in sorted(warm, key=lambda p: p.pursuit.last_touch)[:3])
    ratio = measures.listen_push_ratio
    if ratio is not None and ratio < 1:
        text = (
            f"Listen before you post: comment on three posts of people you want to reach "
            f"(you listen {ratio:.1f} times per post; aim for at least 1)."
        )
    else:
        text = "Comment on three posts of people in your target accounts."
    if names:
        text += f" Start with those who answered you: {names}."
    return [PlanItem("engage", text)]


def _publishing(measures: PersonMeasures, last_post: date | None, as_of: date) -> list[PlanItem]:
    if last_post is None:
        return [
            PlanItem(
                "publish",
                "Write your first post from your customer's point of view: "
                "a problem they have and what you have seen work.",
            )
        ]
    days = (as_of - last_post).days
    if measures.habit.get("publish", 0.0) >= 0.6 and days < 3:
        return [PlanItem("publish", f"You published {days} day(s) ago: today, listen first.")]
    return [
        PlanItem(
            "publish", f"Publish one post written for your customer (last post {days} day(s) ago)."
        )
    ]
