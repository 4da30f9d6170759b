"""Who takes part in an event: ``ORGANIZER`` and ``ATTENDEE`` lines as plain values.

``event.get("ATTENDEE")`` is one ``vCalAddress`` for a single attendee and a list for
several (FORMATS §6); everything here sees a list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from icalendar import Component

from ascent.domain.identities import normalise_email

#: Calendar-system addresses, never people: every ``calendar.google.com`` address is Google's
#: own (rooms ``resource.``, shared and holiday calendars ``group.`` and ``group.v.``,
#: subscribed ones ``import.``, and ``unknownorganizer@`` on events from Gmail, imported
#: files and Goals); RFC 2606 reserves ``.invalid`` for addresses that cannot exist.
SYSTEM_DOMAIN = "calendar.google.com"
INVALID_TLD = ".invalid"
#: Mailboxes that stand for no one: Google's unknown organizer, and the no-reply senders that
#: booking and ticket systems write as ORGANIZER (``noreply@booking.com``).
PLACEHOLDERS = frozenset(
    {
        "unknownorganizer",
        "noreply",
        "no-reply",
        "no_reply",
        "donotreply",
        "do-not-reply",
        "do_not_reply",
        "mailer-daemon",
    }
)
NOT_PEOPLE = frozenset({"ROOM", "RESOURCE"})


@dataclass(frozen=True, slots=True)
class Participant:
    email: str
    name: str | None
    cutype: str
    partstat: str

    @property
    def is_person(self) -> bool:
        return self.cutype not in NOT_PEOPLE and not is_placeholder(self.email)

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


def is_placeholder(email: str) -> bool:
    """A calendar system's or a no-reply address: never the owner, never a contact."""
    local, _, domain = email.rpartition("@")
    system = domain == SYSTEM_DOMAIN or domain.endswith("." + SYSTEM_DOMAIN)
    return system or domain.endswith(INVALID_TLD) or local in PLACEHOLDERS


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
    """The display name. A CN that is an e-mail address is none: Google writes the address
    itself when it knows no name, and some clients write another address of the person."""
    text = str(cn).strip().strip('"').strip() if cn is not None else ""
    return text if text and normalise_email(text) is None else None
