"""PersonFacts of the demo personas, built without a database from the real importers.

The store builds the same facts from its rollups; this helper is the reference it can be
compared with. Contacts are numbered by profile URL, accounts by name; target contacts are
the contacts whose company is one of the persona's target accounts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ascent.analytics.facts import ContactDay, OutcomeFact, PersonFacts, ProfileFacts
from ascent.demo import DemoManifest, Persona
from ascent.domain.records import ActivityRecord, ContactRef, OutcomeRecord, OwnerRecord
from ascent.importers.ascent_csv import ASCENT_CSV
from ascent.importers.crm.hubspot import HUBSPOT
from ascent.importers.linkedin import LINKEDIN
from ascent.importers.source import Source

TOUCH_KINDS = frozenset({"message_out", "invite_out", "email_out", "call", "meeting"})
ANSWER_KINDS = frozenset({"message_in", "email_in"})
CONNECT_KINDS = frozenset({"connect", "invite_in"})


@dataclass
class Ids:
    """Stable small integers for contacts (by profile URL or name) and accounts (by name)."""

    contacts: dict[str, int] = field(default_factory=dict)
    accounts: dict[str, int] = field(default_factory=dict)

    def contact(self, ref: ContactRef | None) -> int | None:
        key = ref and (ref.profile_url or ref.email or ref.name)
        return None if not key else self.contacts.setdefault(key, len(self.contacts) + 1)

    def account(self, name: str | None) -> int | None:
        name = (name or "").strip()
        return None if not name else self.accounts.setdefault(name, len(self.accounts) + 1)


def _contact_day(contact_id: int, day: date, counts: Counter[str]) -> ContactDay:
    def n(kinds: frozenset[str]) -> int:
        return sum(counts[k] for k in kinds)

    return ContactDay(
        contact_id, day, n(TOUCH_KINDS), n(ANSWER_KINDS), counts["meeting"], n(CONNECT_KINDS)
    )


def linkedin_facts(
    export: Path, persona: Persona, outcomes: list[OutcomeRecord], ids: Ids
) -> PersonFacts:
    """One persona's facts from its LinkedIn ZIP and its rows of the outcomes CSV."""
    days: dict[date, Counter[str]] = defaultdict(Counter)
    per_contact: dict[tuple[int, date], Counter[str]] = defaultdict(Counter)
    companies: dict[int, str] = {}
    profile = ProfileFacts()
    for record in LINKEDIN.parse(Source.open(export)):
        if isinstance(record, OwnerRecord):
            profile = ProfileFacts(record.headline, record.summary)
        elif isinstance(record, ActivityRecord):
            day = record.occurred_at.date()
            days[day][record.kind] += 1
            contact = ids.contact(record.contact)
            if contact is not None:
                per_contact[contact, day][record.kind] += 1
                if record.contact and record.contact.company:
                    companies[contact] = record.contact.company
    facts = [_outcome(o, ids, companies) for o in outcomes]
    targets = frozenset(c for c, company in companies.items() if company in persona.target_accounts)
    contact_days = [_contact_day(c, d, counts) for (c, d), counts in sorted(per_contact.items())]
    return PersonFacts(
        days={d: dict(c) for d, c in days.items()},
        contact_days=tuple(
            cd for cd in contact_days if cd.touches or cd.answers or cd.meetings or cd.connects
        ),
        outcomes=tuple(sorted(facts, key=lambda o: o.day)),
        profile=profile,
        target_contacts=targets,
    )


def _outcome(record: OutcomeRecord, ids: Ids, companies: dict[int, str]) -> OutcomeFact:
    contact = ids.contact(record.contact)
    if contact is not None and record.account:
        companies.setdefault(contact, record.account)
    return OutcomeFact(
        record.occurred_at.date(), record.kind, ids.account(record.account), contact, record.amount
    )


def demo_facts(manifest: DemoManifest) -> dict[str, PersonFacts]:
    """Facts of every persona of a built demo, by persona key: the LinkedIn export, the
    outcomes CSV (owners by e-mail) and the HubSpot deals (owners by full name)."""
    by_person: dict[str, list[OutcomeRecord]] = defaultdict(list)
    for record in ASCENT_CSV.parse(Source.open(manifest.outcomes)):
        if isinstance(record, OutcomeRecord):
            by_person[record.person or ""].append(record)
    emails = {entry.persona.name: entry.persona.email for entry in manifest.personas}
    for record in HUBSPOT.parse(Source.open(manifest.crm)):
        if isinstance(record, OutcomeRecord):
            by_person[emails[record.person or ""]].append(record)
    ids = Ids()
    return {
        entry.persona.key: linkedin_facts(
            entry.export, entry.persona, by_person[entry.persona.email], ids
        )
        for entry in manifest.personas
    }
