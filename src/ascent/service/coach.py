"""The content coach: a draft's review (``ascent coach``, the ``/coach`` page) and the scores
of a person's imported posts over time (the person page, the weekly digest).

The rules are ``analytics.coach`` (docs/metrics.md, "Content coach"); an imported post or
share's score is kept in ``activities.coach_score`` by the loader, like ``is_question``, so
it is there even when the org keeps no bodies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from sqlalchemy import select

from ascent.analytics.coach import COACH_VERSION, MAX_DRAFT_CHARS, Point, Review, review
from ascent.domain.vocabulary import PUBLISH_KINDS
from ascent.errors import InputError
from ascent.store.models import Activity
from ascent.store.scope import UnitOfWork

__all__ = [
    "COACH_VERSION",
    "LATEST_POSTS",
    "MAX_DRAFT_BYTES",
    "MAX_DRAFT_CHARS",
    "CoachView",
    "Point",
    "PostScore",
    "Review",
    "coach_draft",
    "coach_page",
    "draft_text",
    "latest_posts",
    "post_scores",
]

#: how many of the latest posts the person page lists with their score
LATEST_POSTS: Final = 5


#: the most bytes of a draft file read: MAX_DRAFT_CHARS of UTF-8 at 4 bytes each, and one more
MAX_DRAFT_BYTES: Final = 4 * MAX_DRAFT_CHARS + 1


def draft_text(data: bytes, *, source: str) -> str:
    """A draft read from a file or stdin (at most ``MAX_DRAFT_BYTES`` of it) as text."""
    if len(data) >= MAX_DRAFT_BYTES:
        raise InputError(source, f"the draft is longer than {MAX_DRAFT_CHARS:,} characters")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(source, f"not UTF-8 text (byte {exc.start})") from None


def coach_draft(text: str, *, source: str = "draft") -> Review:
    """The coach's review of a draft post; ``source`` names it in errors (a file, ``-``)."""
    if len(text) > MAX_DRAFT_CHARS:
        raise InputError(source, f"the draft is longer than {MAX_DRAFT_CHARS:,} characters")
    if not text.strip():
        raise InputError(source, "the draft is empty")
    return review(text)


@dataclass(frozen=True, slots=True)
class PostScore:
    """One imported post or share with the coach's score of its text."""

    day: date
    score: int
    channel: str
    kind: str
    link: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "score": self.score,
            "channel": self.channel,
            "kind": self.kind,
            "link": self.link,
        }


def post_scores(uow: UnitOfWork, *, person_id: int, as_of: date) -> list[tuple[date, int]]:
    """The coach's score of each of the person's posts and shares up to ``as_of``, oldest
    first, as (day, score); posts without text have none and are left out."""
    return [(p.day, p.score) for p in _scored(uow, person_id=person_id, as_of=as_of)]


def latest_posts(
    uow: UnitOfWork, *, person_id: int, as_of: date, limit: int = LATEST_POSTS
) -> list[PostScore]:
    """The person's ``limit`` latest scored posts up to ``as_of``, newest first."""
    return _scored(uow, person_id=person_id, as_of=as_of, newest=limit)


def _scored(
    uow: UnitOfWork, *, person_id: int, as_of: date, newest: int | None = None
) -> list[PostScore]:
    a = Activity
    query = select(a.day, a.coach_score, a.channel, a.kind, a.link).where(
        a.person_id == person_id,
        a.kind.in_(sorted(PUBLISH_KINDS)),
        a.day <= as_of,
        a.coach_score.is_not(None),
    )
    if newest is None:
        query = query.order_by(a.occurred_at, a.id)
    else:
        query = query.order_by(a.occurred_at.desc(), a.id.desc()).limit(newest)
    return [
        PostScore(day, int(score or 0), channel, kind, link)  # never None: filtered above
        for day, score, channel, kind, link in uow.session.execute(query)
    ]


@dataclass(frozen=True)
class CoachView:
    """The ``/coach`` page: the draft as typed, and its review once one was posted; its twin
    is the review's JSON (``score`` null before a draft is posted)."""

    draft: str = ""
    review: Review | None = None
    error: str | None = None
    #: the longest draft the coach reads (the text box's limit)
    max_chars: int = MAX_DRAFT_CHARS

    def to_dict(self) -> dict[str, Any]:
        if self.review is not None:
            return self.review.to_dict()
        empty: dict[str, Any] = {"score": None, "points": [], "suggested_first_line": None}
        return {**empty, "version": COACH_VERSION}


def coach_page(*, draft: str | None = None) -> CoachView:
    """The page before a draft (``draft`` None) or with its review; a draft the coach
    refuses (empty, too long) raises ``InputError`` (the page shows it with ``error``)."""
    if draft is None:
        return CoachView()
    return CoachView(draft, coach_draft(draft))
