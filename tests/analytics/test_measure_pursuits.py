"""Pursuits: touches, answers, status, flags and next touch due, by hand."""

from __future__ import annotations

from datetime import date, timedelta

from ascent.analytics.calendar import WorkCalendar
from ascent.analytics.facts import ContactDay, OutcomeFact
from ascent.analytics.pursuits import Pursuit, pursuits_of, summarise
from ascent.analytics.settings import MeasureSettings

S = MeasureSettings()
CAL = WorkCalendar.of(S)
AS_OF = date(2026, 3, 13)  # a Friday


def d(day: int, month: int = 3) -> date:
    return date(2026, month, day)


def by_contact(
    rows: list[ContactDay], outcomes: list[OutcomeFact] | None = None, as_of: date = AS_OF
) -> dict[int, Pursuit]:
    return {p.contact_id: p for p in pursuits_of(rows, outcomes or [], as_of, CAL, S)}


def test_answered_after_two_touches() -> None:
    p = by_contact(
        [
            ContactDay(1, d(2), touches=1),
            ContactDay(1, d(4), touches=1, answers=1),
            ContactDay(1, d(6), touches=1),
        ]
    )[1]
    assert (p.touches, p.answered, p.touches_to_first_answer, p.status) == (3, True, 2, "answered")
    assert (p.first_touch, p.last_touch, p.next_touch_due, p.due) == (d(2), d(6), None, False)


def test_an_answer_before_the_first_touch_is_not_an_answer_to_it() -> None:
    p = by_contact([ContactDay(1, d(9), answers=1), ContactDay(1, d(10), touches=1)])[1]
    assert (p.answered, p.status, p.next_touch_due) == (False, "open", d(13))
    assert p.due


def test_never_touched_contacts_are_not_pursuits() -> None:
    assert by_contact([ContactDay(1, d(9), answers=1, connects=1)]) == {}


def test_gone_cold_at_exactly_21_days_and_quit_too_early() -> None:
    cold = by_contact([ContactDay(1, AS_OF - timedelta(days=21), touches=3)])[1]
    assert (cold.status, cold.quit_too_early, cold.next_touch_due) == ("gone_cold", True, None)
    assert cold.flags == ("quit_too_early",)
    warm = by_contact([ContactDay(1, AS_OF - timedelta(days=20), touches=3)])[1]
    assert (warm.status, warm.quit_too_early) == ("open", False)
    five = by_contact([ContactDay(1, AS_OF - timedelta(days=30), touches=5)])[1]
    assert (five.status, five.quit_too_early) == ("gone_cold", False)


def test_over_touching_after_more_than_eight_unanswered_touches() -> None:
    eight = by_contact([ContactDay(1, d(12), touches=8)])[1]
    nine = by_contact([ContactDay(1, d(12), touches=9)])[1]
    assert (eight.over_touching, eight.next_touch_due) == (False, d(17))
    assert (nine.over_touching, nine.status, nine.next_touch_due) == (True, "open", None)


def test_next_touch_due_is_three_working_days_after_the_last() -> None:
    thursday = by_contact([ContactDay(1, d(12), touches=1)])[1]
    assert (thursday.next_touch_due, thursday.due) == (d(17), False)  # Fri, Mon, Tue
    monday = by_contact([ContactDay(1, d(9), touches=1)])[1]
    assert (monday.next_touch_due, monday.due) == (d(12), True)
    paused = WorkCalendar.of(S, [(d(16), d(17))])
    p = pursuits_of([ContactDay(1, d(12), touches=1)], [], AS_OF, paused, S)[0]
    assert p.next_touch_due == d(19)


def test_status_from_outcomes_and_meetings() -> None:
    rows = [ContactDay(c, d(2), touches=1) for c in (1, 2, 3, 4)]
    rows.append(ContactDay(4, d(5), meetings=1))
    outcomes = [
        OutcomeFact(d(3), "deal_lost", contact_id=1),
        OutcomeFact(d(9), "deal_won", contact_id=1),
        OutcomeFact(d(9), "deal_lost", contact_id=2),
        OutcomeFact(d(4), "meeting_booked", contact_id=3),
        OutcomeFact(AS_OF + timedelta(days=1), "deal_won", contact_id=4),  # after as_of
    ]
    status = {c: p.status for c, p in by_contact(rows, outcomes).items()}
    assert status == {1: "won", 2: "lost", 3: "meeting", 4: "meeting"}
    assert by_contact(rows, outcomes)[3].touches_to_first_answer == 1


def test_facts_after_as_of_are_ignored() -> None:
    rows = [ContactDay(1, d(2), touches=1), ContactDay(1, d(20), touches=1, answers=1)]
    p = by_contact(rows)[1]
    assert (p.touches, p.answered, p.last_touch) == (1, False, d(2))


def test_summary() -> None:
    rows = [
        ContactDay(1, d(2), touches=5),
        ContactDay(1, d(3), answers=1),
        ContactDay(2, d(2), touches=2, answers=1),
        ContactDay(3, d(2), touches=6),
        ContactDay(3, d(4), answers=1),
        ContactDay(4, d(2), touches=1),
    ]
    s = summarise(pursuits_of(rows, [], AS_OF, CAL, S))
    assert (s.pursuits, s.answered, s.answer_rate) == (4, 3, 0.75)
    assert s.touches_to_first_answer == {2: 1, 5: 1, 6: 1}
    assert s.median_touches_to_first_answer == 5.0
    assert summarise([]).answer_rate is None
