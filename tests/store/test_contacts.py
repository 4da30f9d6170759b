"""Contact resolution across channels: exact identities, name + company, a unique full name."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Connection, Engine, insert, select

from ascent.domain.identities import bluesky_handle, handle_user, mastodon_handle, x_handle, x_uid
from ascent.domain.records import ContactRef
from ascent.store.contacts import ContactResolver
from ascent.store.models import Contact, ContactIdentity, Org

LINKEDIN_JANE = ContactRef(
    name="Jane Doe", profile_url="https://www.linkedin.com/in/jane-doe", company="Acme Example"
)


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    with engine.begin() as conn:
        org = insert(Org).values(slug="o", name="O", created_at=datetime(2026, 1, 1, tzinfo=UTC))
        assert conn.execute(org.returning(Org.id)).scalar_one() == 1
        yield conn


def _identities(connection: Connection) -> list[tuple[int, str, str, str, float]]:
    i = ContactIdentity
    rows = connection.execute(
        select(i.contact_id, i.kind, i.value, i.matched_by, i.confidence).order_by(i.id)
    )
    return [tuple(r) for r in rows]  # type: ignore[misc]


def test_an_exact_identity_joins_and_names_the_identity_it_came_through(
    connection: Connection,
) -> None:
    resolver = ContactResolver(connection, 1)
    reply = resolver.resolve(ContactRef(name="Jane", uid=x_uid("42"), handle=x_handle("JaneD")))
    dm = resolver.resolve(ContactRef(uid=x_uid("42")))
    mention = resolver.resolve(ContactRef(handle=x_handle("@janed")))
    assert reply[0] == dm[0] == mention[0] == 1
    assert (reply[1], dm[1], mention[1]) == (1, 1, 2)
    assert _identities(connection) == [
        (1, "uid", "x:42", "identity", 1.0),
        (1, "handle", "x:@janed", "identity", 1.0),
        (1, "name", "jane", "identity", 1.0),
    ]


def test_name_and_company_join_another_network_with_confidence_0_8(
    connection: Connection,
) -> None:
    resolver = ContactResolver(connection, 1)
    linkedin = resolver.resolve(LINKEDIN_JANE)
    crm = resolver.resolve(
        ContactRef(
            name="Jane  Doe",
            email="Jane@Acme.example",
            company="ACME Example",
            uid="hubspot:contact:7",
        )
    )
    assert linkedin[0] == crm[0] == 1
    assert [r for r in _identities(connection) if r[1] in ("uid", "email")] == [
        (1, "uid", "hubspot:contact:7", "name_company", 0.8),
        (1, "email", "jane@acme.example", "name_company", 0.8),
    ]


def test_a_unique_full_name_joins_another_network_with_confidence_0_5(
    connection: Connection,
) -> None:
    resolver = ContactResolver(connection, 1)
    resolver.resolve(LINKEDIN_JANE)
    x = resolver.resolve(ContactRef(name="Jane Doe", uid=x_uid("42")))
    assert x[0] == 1
    assert (1, "uid", "x:42", "name", 0.5) in _identities(connection)


def test_a_second_account_on_the_same_network_is_someone_else(connection: Connection) -> None:
    resolver = ContactResolver(connection, 1)
    resolver.resolve(LINKEDIN_JANE)
    other = resolver.resolve(
        ContactRef(name="Jane Doe", profile_url="https://www.linkedin.com/in/jane-doe-2")
    )
    also = resolver.resolve(
        ContactRef(
            name="Jane Doe",
            company="Acme Example",
            profile_url="https://www.linkedin.com/in/jane-doe-3",
        )
    )
    assert (other[0], also[0]) == (2, 3)


def test_a_shared_name_or_a_first_name_alone_joins_nobody_across_networks(
    connection: Connection,
) -> None:
    resolver = ContactResolver(connection, 1)
    resolver.resolve(LINKEDIN_JANE)
    resolver.resolve(ContactRef(name="Jane Doe", profile_url="https://www.linkedin.com/in/jd2"))
    resolver.resolve(ContactRef(name="Sam", profile_url="https://www.linkedin.com/in/sam"))
    ambiguous = resolver.resolve(ContactRef(name="Jane Doe", uid=x_uid("42")))
    first_name = resolver.resolve(ContactRef(name="Sam", uid=x_uid("43")))
    assert (ambiguous[0], first_name[0]) == (4, 5)


def test_a_name_only_sighting_joins_the_first_contact_of_that_name(
    connection: Connection,
) -> None:
    resolver = ContactResolver(connection, 1)
    resolver.resolve(LINKEDIN_JANE)
    resolver.resolve(ContactRef(name="Jane Doe", profile_url="https://www.linkedin.com/in/jd2"))
    assert resolver.resolve(ContactRef(name="jane doe"))[0] == 1


def test_a_new_resolver_knows_what_the_database_knows(connection: Connection) -> None:
    ContactResolver(connection, 1).resolve(LINKEDIN_JANE)
    again = ContactResolver(connection, 1)
    assert again.resolve(ContactRef(name="Jane Doe", uid=x_uid("42")))[0] == 1
    second_linkedin = ContactRef(name="Jane Doe", profile_url="https://www.linkedin.com/in/jd2")
    assert again.resolve(second_linkedin)[0] == 2
    assert again.created == 1
    names = connection.execute(select(Contact.name).order_by(Contact.id)).scalars().all()
    assert names == ["Jane Doe", "Jane Doe"]


def test_nobody_is_nobody(connection: Connection) -> None:
    resolver = ContactResolver(connection, 1)
    assert resolver.resolve(None) == (None, None)
    assert resolver.resolve(ContactRef(company="Acme Example")) == (None, None)


def test_the_same_user_name_on_another_network_joins_with_confidence_0_6(
    connection: Connection,
) -> None:
    resolver = ContactResolver(connection, 1)
    x = resolver.resolve(ContactRef(uid=x_uid("42"), handle=x_handle("jane_doe")))
    mastodon = resolver.resolve(
        ContactRef(
            handle=mastodon_handle("janedoe", "social.example"),
            profile_url="https://social.example/users/janedoe",
        )
    )
    other_instance = resolver.resolve(ContactRef(handle=mastodon_handle("janedoe", "b.example")))
    short = resolver.resolve(ContactRef(handle=bluesky_handle("sam.bsky.social")))
    resolver.resolve(ContactRef(handle=x_handle("sam_s")))
    assert (x[0], mastodon[0], other_instance[0], short[0]) == (1, 1, 2, 3)
    assert (1, "handle", "mastodon:@janedoe@social.example", "same_handle", 0.6) in _identities(
        connection
    )


@pytest.mark.parametrize(
    ("handle", "user"),
    [
        ("x:@Jane_Doe", "janedoe"),
        ("mastodon:@jane.doe@social.example", "janedoe"),
        ("bluesky:@janedoe.bsky.social", "janedoe"),
        ("bluesky:@jane.example.com", None),
        ("x:@sam", None),
    ],
)
def test_handle_user(handle: str, user: str | None) -> None:
    assert handle_user(handle) == user
