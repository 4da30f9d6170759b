"""Whose calendar it is, and who counts as external to them (FORMATS §6 "Owner vs counterpart").

The owner is ``X-WR-CALNAME`` when it is an e-mail (Google's primary calendar), else the most
frequent ``ORGANIZER``, else the most frequent ``ATTENDEE`` (the owner is on every meeting of
their own calendar). Placeholders (``unknownorganizer@calendar.google.com``, rooms, no-reply
senders) never count, and a ``CN`` that is an e-mail address is no name. With several
calendars, the ``X-WR-CALNAME`` e-mail seen most often on events wins, so a colleague's shared
calendar in the same Takeout does not take over.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ascent.domain.identities import normalise_email
from ascent.domain.records import OwnerRecord
from ascent.importers.ics.attendees import Participant, attendees, is_placeholder, organizer
from ascent.importers.ics.reading import CalendarFile

#: public webmail: two addresses there share a provider, not an employer
WEBMAIL = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "ymail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "pm.me",
        "gmx.de",
        "gmx.net",
        "gmx.com",
        "web.de",
        "t-online.de",
        "mail.com",
        "zoho.com",
        "yandex.com",
        "fastmail.com",
    }
)


@dataclass(frozen=True, slots=True)
class CalendarOwner:
    email: str
    name: str | None = None

    @property
    def domain(self) -> str:
        return self.email.rpartition("@")[2]

    @property
    def record(self) -> OwnerRecord:
        return OwnerRecord(name=self.name, email=self.email)

    def is_owner(self, email: str) -> bool:
        return email == self.email

    def is_external(self, email: str) -> bool:
        """Another domain than the owner's; on webmail, anyone but the owner."""
        if email == self.email:
            return False
        return self.domain in WEBMAIL or email.rpartition("@")[2] != self.domain


def find_owner(files: Iterable[CalendarFile]) -> CalendarOwner | None:
    files = list(files)
    organizers, everyone = _address_counts(files)
    email = _calendar_name(files, everyone) or _top(organizers) or _top(everyone)
    if email is None:
        return None
    return CalendarOwner(email, _owner_name(files, email))


def _address_counts(files: list[CalendarFile]) -> tuple[Counter[str], Counter[str]]:
    """How many events each address organises, and takes part in (per component, not
    occurrence: a weekly series is one vote)."""
    organizers: Counter[str] = Counter()
    everyone: Counter[str] = Counter()
    for participants in _participants(files):
        boss, *guests = participants
        if boss is not None and boss.is_person:
            organizers[boss.email] += 1
        everyone.update({p.email for p in (boss, *guests) if p is not None and p.is_person})
    return organizers, everyone


def _participants(files: list[CalendarFile]) -> Iterable[list[Participant | None]]:
    """Per event: its organizer (or None) followed by its attendees."""
    for file in files:
        for event in file.calendar.walk("VEVENT"):
            yield [organizer(event), *attendees(event)]


def _calendar_name(files: list[CalendarFile], everyone: Counter[str]) -> str | None:
    emails = (normalise_email(f.name) for f in files)
    named = [e for e in emails if e is not None and not is_placeholder(e)]
    return max(named, key=lambda e: everyone[e]) if named else None


def _owner_name(files: list[CalendarFile], email: str) -> str | None:
    names = Counter(
        p.name
        for participants in _participants(files)
        for p in participants
        if p is not None and p.email == email and p.name
    )
    return _top(names)


def _top(counts: Counter[str]) -> str | None:
    top = counts.most_common(1)
    return top[0][0] if top else None
