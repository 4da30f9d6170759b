"""The person page: ``ascent person``'s report with its weekly timeline, listening against
pushing per week, activity by channel over the window, the pursuits due first, and the
content coach's score of their posts over time (``service.coach.post_scores``).

One load of the person's facts (``measure_people``) feeds the report, the weekly listening
and pushing and the pursuits, as today's plan does; listening and pushing per week use the
listen/push ratio's own kinds and its reading of replies, so the weeks add up to what the
ratio counts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ascent.analytics.facts import ContactDay
from ascent.analytics.listening import LISTEN_KINDS, PUSH_KINDS, replies_to_inbound
from ascent.analytics.timeline import WeekPhase
from ascent.service.coach import PostScore, latest_posts, post_scores
from ascent.service.people import PersonReport, effort_counts, measure_people
from ascent.service.pursuits import PursuitRow, named_pursuits
from ascent.service.pursuits_page import sorted_rows
from ascent.store.scope import UnitOfWork

#: how many pursuits the person page lists (the pursuits page has them all)
TOP_PURSUITS = 10


@dataclass(frozen=True, slots=True)
class ListenPushWeek:
    """Listening (comments, reactions, replies) and pushing (posts, shares) in one week."""

    week: date
    listen: int
    push: int

    def to_dict(self) -> dict[str, Any]:
        return {"week": self.week.isoformat(), "listen": self.listen, "push": self.push}


@dataclass(frozen=True, slots=True)
class ChannelCount:
    channel: str
    kind: str
    n: int

    def to_dict(self) -> dict[str, Any]:
        return {"channel": self.channel, "kind": self.kind, "n": self.n}


@dataclass(frozen=True)
class PersonView:
    """Everything the person page shows; its twin is ``ascent person --json`` plus the rest."""

    person_id: int
    report: PersonReport
    listen_push: list[ListenPushWeek]
    channels: list[ChannelCount]
    top_pursuits: list[PursuitRow]
    #: the content coach's score of each post and share up to the day, oldest first
    post_scores: list[tuple[date, int]]
    #: the latest few of them, newest first, with their channel and link
    latest_posts: list[PostScore]

    @property
    def changes(self) -> list[WeekPhase]:
        """The weeks whose phase differs from the week before (the first week is one)."""
        weeks = self.report.measures.timeline
        return [w for i, w in enumerate(weeks) if i == 0 or w.phase != weeks[i - 1].phase]

    def to_dict(self) -> dict[str, Any]:
        return {
            "person_id": self.person_id,
            **self.report.to_dict(timeline=True),
            "phase_changes": [w.to_dict() for w in self.changes],
            "listen_push_weeks": [w.to_dict() for w in self.listen_push],
            "activity_by_channel": [c.to_dict() for c in self.channels],
            "top_pursuits": [r.to_dict() for r in self.top_pursuits],
            "post_scores": [{"day": d.isoformat(), "score": s} for d, s in self.post_scores],
            "latest_posts": [p.to_dict() for p in self.latest_posts],
        }


def person_page(uow: UnitOfWork, *, person_id: int, as_of: date) -> PersonView:
    """The person page of ``person_id`` as of ``as_of`` (their facts loaded once)."""
    measured = measure_people(uow, as_of=as_of, person=person_id)
    (report,) = measured.reports
    facts = measured.facts[person_id]
    weeks = [w.week for w in report.measures.timeline]
    rows = named_pursuits(
        uow,
        people={person_id: report.row.person},
        facts=measured.facts,
        as_of=as_of,
        settings=measured.settings,
    )
    effort = effort_counts(uow, as_of, measured.settings.window_days, person_id)
    return PersonView(
        person_id,
        report,
        listen_push_weeks(facts.days, facts.contact_days, weeks, as_of),
        channel_counts(effort.get(person_id, {})),
        sorted_rows(rows, "next_touch_due")[:TOP_PURSUITS],
        post_scores(uow, person_id=person_id, as_of=as_of),
        latest_posts(uow, person_id=person_id, as_of=as_of),
    )


def listen_push_weeks(
    days: Mapping[date, Mapping[str, int]],
    contact_days: Sequence[ContactDay],
    weeks: Sequence[date],
    as_of: date,
) -> list[ListenPushWeek]:
    """Per week (Monday in ``weeks``, to its Sunday or ``as_of``): what the ratio counts.

    listen = comments + reactions + replies to inbound messages; push = posts + shares.
    """
    found = []
    for monday in weeks:
        last = min(monday + timedelta(days=6), as_of)
        week = [counts for day, counts in days.items() if monday <= day <= last]
        listen = sum(c.get(k, 0) for c in week for k in LISTEN_KINDS)
        push = sum(c.get(k, 0) for c in week for k in PUSH_KINDS)
        replies = replies_to_inbound(contact_days, monday, last)
        found.append(ListenPushWeek(monday, listen + replies, push))
    return found


def channel_counts(effort: Mapping[tuple[str, str], int]) -> list[ChannelCount]:
    """Counts by channel and kind over the window, busiest channel first, then by kind."""
    totals: dict[str, int] = {}
    for (_kind, channel), n in effort.items():
        totals[channel] = totals.get(channel, 0) + n
    rows = [ChannelCount(channel, kind, n) for (kind, channel), n in effort.items() if n]
    return sorted(rows, key=lambda c: (-totals[c.channel], c.channel, -c.n, c.kind))
