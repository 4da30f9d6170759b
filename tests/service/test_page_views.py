"""The person and pursuits pages' own shaping, on small hand-made facts: listening and
pushing per week, counts by channel, the pursuits' filters and orders, and the refusal of a
contact that is not the page's."""

from __future__ import annotations

from datetime import date

import pytest

from ascent.analytics.facts import ContactDay
from ascent.analytics.pursuits import Pursuit
from ascent.errors import NotFound
from ascent.service.person_page import (
    ChannelCount,
    ListenPushWeek,
    channel_counts,
    listen_push_weeks,
)
from ascent.service.pursuits import PursuitRow
from ascent.service.pursuits_page import FILTERS, page_contact, sorted_rows

MON = date(2026, 3, 2)


def test_listening_and_pushing_per_week_count_what_the_ratio_counts() -> None:
    days = {
        date(2026, 3, 2): {"comment": 2, "post": 1, "message_out": 5},
        date(2026, 3, 8): {"reaction": 3, "share": 1},
        date(2026, 3, 9): {"reaction": 1, "post": 2},
        date(2026, 3, 12): {"comment": 4},  # after the as-of day: not counted
    }
    # contact 7 answers on the 3rd; touches to them from then on are replies (listening)
    contact_days = [
        ContactDay(7, date(2026, 3, 2), touches=1),
        ContactDay(7, date(2026, 3, 3), answers=1, touches=1),
        ContactDay(7, date(2026, 3, 10), touches=2),
        ContactDay(8, date(2026, 3, 4), touches=3),
    ]
    weeks = listen_push_weeks(days, contact_days, [MON, date(2026, 3, 9)], date(2026, 3, 11))
    assert weeks == [
        ListenPushWeek(MON, 2 + 3 + 1, 1 + 1),
        ListenPushWeek(date(2026, 3, 9), 1 + 2, 2),
    ]
    assert weeks[0].to_dict() == {"week": "2026-03-02", "listen": 6, "push": 2}


def test_counts_by_channel_come_busiest_channel_first() -> None:
    effort = {
        ("post", "x"): 2,
        ("comment", "linkedin"): 4,
        ("reaction", "linkedin"): 9,
        ("message_out", "email"): 12,
        ("share", "x"): 0,
    }
    assert channel_counts(effort) == [
        ChannelCount("linkedin", "reaction", 9),
        ChannelCount("linkedin", "comment", 4),
        ChannelCount("email", "message_out", 12),
        ChannelCount("x", "post", 2),
    ]


def row(
    contact: str, cid: int, touches: int, last: date, due: date | None, **kw: object
) -> PursuitRow:
    status = str(kw.get("status", "open"))
    pursuit = Pursuit(
        cid,
        touches,
        False,
        None,
        status,
        bool(kw.get("quit", False)),
        bool(kw.get("over", False)),
        date(2026, 1, 5),
        last,
        due,
        due is not None and due <= date(2026, 3, 11),
    )
    return PursuitRow("Sam", contact, None, pursuit)


ROWS = [
    row("bea", 2, 3, date(2026, 3, 2), date(2026, 3, 5)),
    row("Al", 1, 9, date(2026, 2, 2), None, over=True),
    row("cy", 3, 2, date(2026, 1, 9), None, status="gone_cold", quit=True),
    row("dee", 4, 3, date(2026, 3, 10), date(2026, 3, 13)),
]


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("next_touch_due", [2, 4, 1, 3]),
        ("touches", [1, 2, 4, 3]),
        ("last_touch", [3, 1, 2, 4]),
        ("contact", [1, 2, 3, 4]),
    ],
)
def test_each_sort(sort: str, order: list[int]) -> None:
    assert [r.pursuit.contact_id for r in sorted_rows(ROWS, sort)] == order


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("due", [2]),
        ("cold", [3]),
        ("over_touching", [1]),
        ("quit_too_early", [3]),
        ("all", [2, 1, 3, 4]),
    ],
)
def test_each_filter(name: str, kept: list[int]) -> None:
    assert [r.pursuit.contact_id for r in ROWS if FILTERS[name](r)] == kept


@pytest.mark.parametrize("text", ["9", "1.0", "someone@example.com", "1" * 19])
def test_a_contact_not_of_the_page_is_missing(text: str) -> None:
    with pytest.raises(NotFound) as refused:
        page_contact(text, {1, 2})
    assert str(refused.value) == (
        f"no contact {text!r} (give an id, a profile URL, e-mail or handle)"
    )
    assert page_contact(" 2 ", {1, 2}) == "2"
