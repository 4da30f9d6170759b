"""One seller's LinkedIn, X, Mastodon, HubSpot and calendar exports: one contact per person.

tests/fixtures/mixed/2026/ is Ada Example's autumn in five real formats. Jane Doe (Acme
Example) is a LinkedIn connection with her e-mail, the X account @janedoe Ada replies to and
messages, the Mastodon account @janedoe@social.example Ada replies to, a HubSpot contact
with a won deal, and a meeting on Ada's calendar. Omar Okafor (Globex Example) is a LinkedIn
connection without e-mail, a HubSpot contact with an open deal, and a meeting. HubSpot also
has a deal of Ben Sample, who is not in the org.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, select

from ascent.bootstrap import scoped_unit_of_work
from ascent.service.imports import import_paths
from ascent.service.pursuits import pursuit_rows
from ascent.store.models import Activity, Contact, ContactIdentity, Outcome

MIXED = Path(__file__).resolve().parents[1] / "fixtures" / "mixed" / "2026"
EXPORTS = [
    MIXED / "linkedin",
    MIXED / "x",
    MIXED / "mastodon",
    MIXED / "hubspot",
    MIXED / "ada@northwind.example.ics",
]
JANE, OMAR = 1, 2


def _import(engine: Engine) -> dict[str, object]:
    with scoped_unit_of_work(engine, write=True) as uow:
        return import_paths(uow, paths=EXPORTS, person="Ada Example").to_dict()


def test_each_real_person_is_one_contact_with_every_channel_identity(engine: Engine) -> None:
    report = _import(engine)
    assert [f["format"] for f in report["files"]] == [  # type: ignore[attr-defined]
        "linkedin",
        "x",
        "mastodon",
        "hubspot",
        "ics",
    ]
    with engine.connect() as connection:
        contacts = connection.execute(select(Contact.id, Contact.name).order_by(Contact.id)).all()
        i = ContactIdentity
        identities = connection.execute(
            select(i.contact_id, i.kind, i.value, i.matched_by, i.confidence).order_by(i.id)
        ).all()
    assert [tuple(c) for c in contacts] == [(JANE, "Jane Doe"), (OMAR, "Omar Okafor")]
    assert {tuple(r) for r in identities if r[0] == JANE} == {
        (JANE, "profile_url", "https://www.linkedin.com/in/jane-doe-4d5e6f", "identity", 1.0),
        (JANE, "email", "jane.doe@acme.example", "identity", 1.0),
        (JANE, "name_company", "jane doe|acme example", "identity", 1.0),
        (JANE, "name", "jane doe", "identity", 1.0),
        (JANE, "uid", "x:2001", "name", 0.5),
        (JANE, "handle", "x:@janedoe", "name", 0.5),
        (JANE, "profile_url", "https://social.example/users/janedoe", "same_handle", 0.6),
        (JANE, "handle", "mastodon:@janedoe@social.example", "same_handle", 0.6),
        (JANE, "uid", "hubspot:contact:501", "identity", 1.0),
    }
    assert {tuple(r) for r in identities if r[0] == OMAR} == {
        (OMAR, "profile_url", "https://www.linkedin.com/in/omar-okafor-7g8h9i", "identity", 1.0),
        (OMAR, "name_company", "omar okafor|globex example", "identity", 1.0),
        (OMAR, "name", "omar okafor", "identity", 1.0),
        (OMAR, "uid", "hubspot:contact:502", "name_company", 0.8),
        (OMAR, "email", "omar.okafor@globex.example", "name_company", 0.8),
    }


def test_pursuits_count_touches_from_every_channel(engine: Engine) -> None:
    _import(engine)
    with engine.connect() as connection:
        channels = connection.execute(
            select(Activity.contact_id, Activity.channel, Activity.kind).where(
                Activity.contact_id.is_not(None)
            )
        ).all()
    assert Counter((c, ch) for c, ch, _ in channels) == {
        (JANE, "linkedin"): 4,
        (JANE, "x"): 3,
        (JANE, "mastodon"): 1,
        (JANE, "meeting"): 1,
        (OMAR, "linkedin"): 2,
        (OMAR, "meeting"): 1,
    }
    with scoped_unit_of_work(engine, write=True) as uow:
        rows = pursuit_rows(uow, as_of=date(2026, 11, 20), person="Ada Example")
    found = {
        r.contact: (
            r.pursuit.touches,
            r.pursuit.touches_to_first_answer,
            r.pursuit.status,
            r.account,
        )
        for r in rows
    }
    # Jane: LinkedIn 5 Oct, X reply 8 Oct, X DM 9 Oct, Mastodon reply 14 Oct, LinkedIn 20 Oct,
    # meeting 22 Oct; she answered on LinkedIn on 6 Oct, after the first touch; the deal is won.
    # Omar: LinkedIn 7 Oct and the meeting on 28 Oct, booked on 21 Oct (an answer after one
    # touch); his deal is open.
    assert found == {
        "Jane Doe": (6, 1, "won", "Acme Example"),
        "Omar Okafor": (2, 1, "meeting", "Globex Example"),
    }


def test_outcomes_join_the_same_contacts_and_unknown_owners_are_reported(
    engine: Engine,
) -> None:
    report = _import(engine)
    assert report["unmatched_owners"] == {"Ben Sample": 2}
    assert report["new_contacts"] == 2
    with engine.connect() as connection:
        outcomes = connection.execute(
            select(
                Outcome.contact_id, Outcome.kind, Outcome.amount, Outcome.source_channel
            ).order_by(Outcome.contact_id, Outcome.day)
        ).all()
    assert [tuple(o) for o in outcomes] == [
        (JANE, "meeting_booked", None, None),
        (JANE, "opportunity", 24000.0, "linkedin"),
        (JANE, "deal_won", 24000.0, "linkedin"),
        (OMAR, "meeting_booked", None, None),
        (OMAR, "opportunity", 12000.0, "x"),
    ]


def test_importing_everything_again_adds_nothing(engine: Engine) -> None:
    first = _import(engine)
    again = _import(engine)
    assert (again["added"], again["new_contacts"]) == (0, 0)
    assert again["duplicates"] == first["added"]
    with engine.connect() as connection:
        assert len(connection.execute(select(Contact.id)).all()) == 2
