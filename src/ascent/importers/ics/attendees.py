"""Who takes part in an event: ``ORGANIZER`` and ``ATTENDEE`` lines as plain values.

``event.get("ATTENDEE")`` is one ``vCalAddress`` for a single attendee and a list for
several (FORMATS §6); everything here sees a list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from icalendar import Component

from ascent.domain.identities import normalise_email

#: calendar-system addresses that are never people: Google rooms and shared calendars
SYSTEM_DOMAINS = ("resource.calendar.google.com", "group.calendar.google.com",
                  "group.v.calendar.google.com")  # fmt: skip
NOT_PEOPLE = frozenset({"ROOM", "RESOURCE"})


@dataclass(frozen=True, slots=True)
class Participant:
    email: str
    name: str | None
    cutype: str
    partstat: str

    @property
    def is_person(self) -> bool:
        return self.cutype not in NOT_PEOPLE and not self.email.endswith(SYSTEM_DOMAINS)

    @property
    def declined(self) -> bool:
        return self.partstat == "DECLINED"


def attendees(event: Component) -> list[Participant]:
    """Every ATTENDEE with a usable e-mail, in file order."""
    found = (participant(a) for a in as_list(event.get("ATTENDEE")))
    return [p for p in found if p is not None]


def organizer(event: Component) -> Participant | None:
    value = event.get("ORGANIZER")
    return participant(value) if value is not None else None


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def participant(address: Any) -> Participant | None:
    """One address line; None when it carries no e-mail (``invalid:nomail``, a bare name)."""
    email = normalise_email(str(address))
    if email is None:
        return None
    params = getattr(address, "params", {})
    return Participant(
        email=email,
        name=_name(params.get("CN"), email),
        cutype=str(params.get("CUTYPE", "INDIVIDUAL")).upper(),
        partstat=str(params.get("PARTSTAT", "NEEDS-ACTION")).upper(),
    )


def _name(cn: Any, email: str) -> str | None:
    """The display name; Google writes the address itself as CN when it knows no name."""
    text = str(cn).strip().strip('"').strip() if cn is not None else ""
    return text if text and normalise_email(text) != email else None
