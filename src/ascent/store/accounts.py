"""Accounts: the companies contacts belong to and strategies target, one row per name.

An account is told apart by ``account_key``, its name folded the way a contact's name is
(``ascent.domain.identities.name_key``): "ACME  Ltd" and "Acme Ltd" are one account. The
importers' contacts (``store.contacts``), the strategy's target accounts (``service.strategy``)
and the facts that find a strategy's target contacts (``store.facts``) all fold it here.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import Connection, select

from ascent.domain.identities import name_key
from ascent.store.engine import upsert_insert
from ascent.store.models import Account, stored_text

#: what exports write in a company field that names no company
NO_COMPANY: Final = frozenset({"-", "NA"})


def account_key(name: str) -> str:
    """``accounts.name_key``: the name as stored, lower case, runs of white space as one."""
    return name_key(stored_text(name))


def account_name(raw: str | None) -> str | None:
    """The account a company field names, as stored; None for a blank or a placeholder."""
    name = stored_text(raw.strip()) if raw else None
    return None if not name or name in NO_COMPANY else name


def known_accounts(connection: Connection, org_id: int) -> dict[str, int]:
    """The org's accounts by ``account_key``."""
    rows = connection.execute(select(Account.name_key, Account.id).where(Account.org_id == org_id))
    return dict(rows.all())


def ensure_account(connection: Connection, org_id: int, name: str) -> int:
    """The id of the account called ``name`` (by ``account_key``), inserted if new.

    Insert-or-get, so that an import and a strategy load naming the same new account at
    once both end with the one row.
    """
    name = stored_text(name.strip())
    key = account_key(name)
    new = upsert_insert(connection, Account.__table__).values(
        org_id=org_id, name=name, name_key=key
    )
    found = connection.execute(new.on_conflict_do_nothing().returning(Account.id))
    account_id = found.scalar_one_or_none()
    if account_id is None:  # stored before, or meanwhile by another transaction
        account_id = connection.execute(
            select(Account.id).where(Account.org_id == org_id, Account.name_key == key)
        ).scalar_one()
    return int(account_id)
