"""The persona's network: an old connection tail, invitations sent and received, acceptances.

Real exports reach back years, so most personas get connections made long before the
programme (the importer must not take those as a programme start), plus LinkedIn's
date-only rows for hidden members.
"""

from __future__ import annotations

from datetime import date, timedelta

from ascent.demo.linkedin_rows import Connection, Invitation
from ascent.demo.people import Contact, new_contact
from ascent.demo.personas import OTHER_ACCOUNTS
from ascent.demo.timeline import Run


def add_history_tail(run: Run) -> None:
    """``shape.history_tail`` connections over the eight years before the programme."""
    span = 8 * 365
    for _ in range(run.shape.history_tail):
        day = run.window_start - timedelta(days=run.rng.randint(1, span))
        contact = new_contact(run.rng, _some_account(run, target_share=0.2))
        email = _email(contact) if run.rng.random() < 0.03 else ""
        run.history.connections.append(_connection(contact, day, email))
    hidden = max(1, len(run.history.connections) // 60) if run.history.connections else 0
    for _ in range(hidden):
        day = run.window_start - timedelta(days=run.rng.randint(1, span))
        run.history.connections.append(Connection(day))


def invite_out(run: Run, day: date) -> None:
    """An invitation sent into a target account (or elsewhere); most are accepted."""
    contact = new_contact(run.rng, _some_account(run, target_share=run.shape.invites_in_targets))
    owner = run.persona
    note = "Hi, I enjoyed your post on reporting. Let's connect." if run.rng.random() < 0.03 else ""
    run.history.invitations.append(
        Invitation(
            owner.name,
            contact.name,
            run.moment(day),
            "OUTGOING",
            owner.profile_url,
            contact.url,
            note,
        )
    )
    if run.rng.random() < 0.6:
        accepted = day + timedelta(days=run.rng.randint(0, 6))
        if accepted <= run.end:
            run.history.connections.append(_connection(contact, accepted))


def invite_in(run: Run, day: date) -> None:
    """Someone invites the persona; the persona accepts most within a day or two."""
    contact = new_contact(run.rng, _some_account(run, target_share=0.1))
    owner = run.persona
    run.history.invitations.append(
        Invitation(
            contact.name, owner.name, run.moment(day), "INCOMING", contact.url, owner.profile_url
        )
    )
    if run.rng.random() < 0.7:
        accepted = day + timedelta(days=run.rng.randint(0, 2))
        if accepted <= run.last_day:
            run.history.connections.append(_connection(contact, accepted))


def _some_account(run: Run, *, target_share: float) -> str:
    if run.rng.random() < target_share:
        return run.rng.choice(run.persona.target_accounts)
    return run.rng.choice(OTHER_ACCOUNTS)


def _email(contact: Contact) -> str:
    first = contact.first_name.strip().lower().encode("ascii", "ignore").decode()
    return f"{first}@{contact.company.split()[0].lower().strip(',')}.example"


def _connection(contact: Contact, day: date, email: str = "") -> Connection:
    return Connection(
        day,
        contact.first_name,
        contact.last_name,
        contact.url,
        email,
        contact.company,
        contact.position,
    )
