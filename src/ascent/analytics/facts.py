"""What the measures read: one person's rolled-up facts, built by the store from its rollups.

Sizes grow with days and contacts, never with raw events. Every measure takes an ``as_of``
day and ignores facts after it, so any past state can be reproduced.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class ContactDay:
    """One person's interactions with one contact on one day (the pursuit rollup).

    ``touches``: person-initiated (message_out, invite_out, email_out, call, meeting);
    ``answers``: the contact responded (message_in, email_in); ``meetings``: meeting
    activities; ``connects``: new connections (connect, invite_in accepted or not).
    """

    contact_id: int
    day: date
    touches: int = 0
    answers: int = 0
    meetings: int = 0
    connects: int = 0


@dataclass(frozen=True, slots=True)
class OutcomeFact:
    day: date
    kind: str
    account_id: int | None = None
    contact_id: int | None = None
    amount: float | None = None


@dataclass(frozen=True, slots=True)
class ProfileFacts:
    headline: str | None = None
    summary: str | None = None


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """Everything the measures need about one person.

    ``days`` maps a (UTC) day to counts by activity kind, all channels summed.
    ``target_contacts`` are the contacts inside the person's target accounts or personas.
    ``pauses`` are inclusive (first, last) day ranges of holidays that stop decay.
    """

    days: Mapping[date, Mapping[str, int]]
    contact_days: Sequence[ContactDay] = ()
    outcomes: Sequence[OutcomeFact] = ()
    profile: ProfileFacts = field(default_factory=ProfileFacts)
    programme_start: date | None = None
    pauses: Sequence[tuple[date, date]] = ()
    target_contacts: frozenset[int] = frozenset()
