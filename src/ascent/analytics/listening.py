"""Listen/push ratio: do you listen and respond at least as often as you push? (goal ≥ 1)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Final

from ascent.analytics.facts import ContactDay
from ascent.domain.vocabulary import ENGAGE_KINDS, PUBLISH_KINDS

LISTEN_KINDS: Final = ENGAGE_KINDS
PUSH_KINDS: Final = PUBLISH_KINDS


def window_first(as_of: date, window_days: int) -> date:
    """First day of the trailing window that ends on (and includes) ``as_of``."""
    return as_of - timedelta(days=window_days - 1)


def first_answers(contact_days: Sequence[ContactDay], as_of: date) -> dict[int, date]:
    """Per contact, the first day up to ``as_of`` on which they answered."""
    first: dict[int, date] = {}
    for row in contact_days:
        if row.answers and row.day <= as_of:
            known = first.get(row.contact_id)
            if known is None or row.day < known:
                first[row.contact_id] = row.day
    return first


def replies_to_inbound(contact_days: Sequence[ContactDay], first: date, last: date) -> int:
    """Touches in ``first..last`` to a contact on or after the first day that contact answered.

    A touch to someone who has already written back is a reply in a dialogue, not a push;
    touches on the answer's own day count as replies (the day's order is unknown).
    """
    answered = first_answers(contact_days, last)
    return sum(
        row.touches
        for row in contact_days
        if first <= row.day <= last
        and row.touches
        and row.contact_id in answered
        and answered[row.contact_id] <= row.day
    )


def listen_push_ratio(
    days: Mapping[date, Mapping[str, int]],
    contact_days: Sequence[ContactDay],
    as_of: date,
    window_days: int,
) -> float | None:
    """(comments + reactions + replies to inbound messages) / (posts + shares) over the window.

    The window is the ``window_days`` (28) days ending on ``as_of``: four whole weeks, so
    every weekday weighs the same. None when nothing was pushed (the ratio is undefined,
    not infinite).
    """
    first = window_first(as_of, window_days)
    listen = pushed = 0
    for day, counts in days.items():
        if first <= day <= as_of:
            listen += sum(counts.get(k, 0) for k in LISTEN_KINDS)
            pushed += sum(counts.get(k, 0) for k in PUSH_KINDS)
    if pushed == 0:
        return None
    return (listen + replies_to_inbound(contact_days, first, as_of)) / pushed
