"""Accounts: one row per folded name, whoever names it first (an import or a strategy)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Connection, Engine, insert, select

from ascent.domain.records import ContactRef
from ascent.store.accounts import account_key, account_name, ensure_account, known_accounts
from ascent.store.contacts import ContactResolver
from ascent.store.models import Account, Org


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    with engine.begin() as conn:
        org = insert(Org).values(slug="o", name="O", created_at=datetime(2026, 1, 1, tzinfo=UTC))
        assert conn.execute(org.returning(Org.id)).scalar_one() == 1
        yield conn


def test_an_account_name_is_folded_like_a_contact_name() -> None:
    assert account_key("  ACME \t Example  Ltd ") == "acme example ltd"
    assert account_key("Acme\x00 Example") == "acme example"  # as stored: no control characters


@pytest.mark.parametrize("raw", [None, "", "   ", "-", "NA", " NA "])
def test_a_blank_or_placeholder_company_names_no_account(raw: str | None) -> None:
    assert account_name(raw) is None


def test_one_row_for_every_spelling_of_a_name(connection: Connection) -> None:
    first = ensure_account(connection, 1, " Acme Example ")
    assert ensure_account(connection, 1, "ACME  example") == first
    resolver = ContactResolver(connection, 1)
    jane, _ = resolver.resolve(ContactRef(name="Jane Doe", company="acme EXAMPLE"))
    assert resolver.account_id("Acme\tExample") == first
    assert resolver.contact_accounts[jane or 0] == first
    rows = connection.execute(select(Account.name, Account.name_key)).all()
    assert [tuple(r) for r in rows] == [("Acme Example", "acme example")]
    assert known_accounts(connection, 1) == {"acme example": first}
