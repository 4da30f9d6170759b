"""A plan item names the contact it is about by id as well as by name: namesakes are common
(two Bob Buyers, several "someone"s), and "done" must touch the right one."""

from __future__ import annotations

from datetime import date

from ascent.analytics.pursuits import Pursuit
from ascent.analytics.today import NamedPursuit, _follow_ups, _rescues

DAY = date(2026, 3, 20)


def _named(name: str, contact_id: int, last: int, *, due: bool) -> NamedPursuit:
    touch = date(2026, 3, last)
    pursuit = Pursuit(
        contact_id, 1, False, None, "open", False, False, touch, touch, date(2026, 3, last + 2), due
    )
    return NamedPursuit(pursuit, name, None)


def test_follow_ups_and_rescues_carry_their_contacts_id() -> None:
    pursuits = [
        _named("Bob Buyer", 11, 2, due=True),
        _named("Bob Buyer", 12, 1, due=True),
        _named("someone", 13, 3, due=True),
        _named("Cara Client", 14, 5, due=False),
    ]
    follow = _follow_ups(pursuits, 5, 8)
    # by next touch due: the Bob last touched on the 1st before the Bob of the 2nd
    assert [(i.contact, i.contact_id) for i in follow] == [
        ("Bob Buyer", 12),
        ("Bob Buyer", 11),
        ("someone", 13),
    ]
    rescue = _rescues(pursuits, DAY, cold_after=20)
    assert [(i.kind, i.contact, i.contact_id) for i in rescue] == [("rescue", "Cara Client", 14)]
    assert rescue[0].to_dict()["contact_id"] == 14
