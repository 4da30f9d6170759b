"""Resolve ``ContactRef``s to contacts within one org, across every channel.

A contact is a cluster of identities (``ascent.domain.identities.identity_keys``): exact ones
(profile URL, uid, e-mail, handle), then name + company, then the name. A ref joins, in order:

1. the contact of its strongest exact identity already known (confidence 1.0);
2. else the contact with the same name and company (0.8);
3. else the one contact in the org with a handle of the same user name on another network
   (0.6): ``x:@janedoe`` and ``mastodon:@janedoe@example.social``;
4. else the one contact in the org with the same full name (0.5): the same person seen on
   another network, e.g. a LinkedIn connection and the X account that replies to them;
5. a ref with nothing but a name joins the first contact of that name, as it always has;
6. else a new contact.

Steps 2 to 4 never join a contact that already has an exact identity on one of the ref's
networks: two LinkedIn URLs, or two e-mail addresses, with one name are two people. What a
ref brings that no contact holds is attached to its contact with how it joined
(``matched_by``) and how sure that is; ``ascent contacts merge`` and ``split`` mend the rest.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict

from sqlalchemy import Connection, func, insert, or_, select, update

from ascent.domain.identities import (
    CONFIDENCE,
    EXACT_KINDS,
    IdentityKey,
    handle_user,
    identity_keys,
    is_full_name,
    name_key,
    network_of,
)
from ascent.domain.records import ContactRef
from ascent.store.accounts import account_key, account_name, ensure_account, known_accounts
from ascent.store.engine import upsert_insert
from ascent.store.models import Contact, ContactIdentity, stored_text

#: what a resolved ref gives an activity: its contact and the identity it was known by
Resolution = tuple[int | None, int | None]
NOBODY: Resolution = (None, None)

_SQLITE_CONTACT = (
    "INSERT INTO contacts (org_id, account_id, name, company, position) VALUES (?, ?, ?, ?, ?)"
)
_SQLITE_IDENTITY = (
    "INSERT INTO contact_identities (org_id, contact_id, kind, value, matched_by, confidence) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
)


class ContactResolver:
    """Caches the org's identities, contacts and accounts; writes new ones in the caller's
    transaction.

    Accounts and identities are insert-or-get: one that another transaction stored since the
    caches were read is taken, not inserted twice (imports also take turns: service.imports).

    Each ``ContactRef`` (frozen, hashable) is resolved once: its strongest identity then maps
    to the same contact for the rest of the resolver's life, so a million messages with a few
    thousand counterparts cost a few thousand resolutions.
    """

    def __init__(self, connection: Connection, org_id: int) -> None:
        self.connection, self.org_id = connection, org_id
        self.resolved: dict[ContactRef, Resolution] = {}
        self.created = 0
        #: existing contacts this resolver gave an account, a company or a position they lacked
        self.completed: set[int] = set()
        self._sqlite = connection.dialect.name == "sqlite"
        i = ContactIdentity
        rows = connection.execute(
            select(i.kind, i.value, i.id, i.contact_id).where(i.org_id == org_id)
        )
        #: identity -> (identity id, contact id)
        self.identities: dict[IdentityKey, tuple[int, int]] = {}
        self.networks: dict[int, set[str]] = defaultdict(set)
        #: user name inside a handle -> the contacts with such a handle
        self.handle_users: dict[str, set[int]] = defaultdict(set)
        for kind, value, identity_id, contact_id in rows:
            self._remember((kind, value), identity_id, contact_id)
        contacts = connection.execute(
            select(Contact.id, Contact.name, Contact.account_id).where(Contact.org_id == org_id)
        ).all()
        self.names: Counter[str] = Counter(name_key(name) for _, name, _ in contacts if name)
        self.contact_accounts: dict[int, int | None] = {c: a for c, _, a in contacts}
        self.accounts = known_accounts(connection, org_id)

    def account_id(self, company: str | None) -> int | None:
        name = account_name(company)
        if name is None:
            return None
        key = account_key(name)
        if key not in self.accounts:
            self.accounts[key] = ensure_account(self.connection, self.org_id, name)
        return self.accounts[key]

    def resolve(self, ref: ContactRef | None) -> Resolution:
        """The contact ``ref`` is and the identity it was recognised by; (None, None) for
        a ref that names nobody."""
        if ref is None:
            return NOBODY
        try:
            return self.resolved[ref]
        except KeyError:
            found = self.resolved[ref] = self._resolve(_stored(ref))
            return found

    def _resolve(self, ref: ContactRef) -> Resolution:
        keys = identity_keys(ref)
        if not keys:
            return NOBODY
        contact_id, matched_by = self._match(keys)
        if contact_id is None:
            contact_id, matched_by = self._create(ref), "identity"
        elif ref.company or ref.position:
            self._complete(contact_id, ref)
        for key in keys:
            if key not in self.identities:
                self._attach(key, contact_id, matched_by)
        return contact_id, self.identities[keys[0]][0]

    def _match(self, keys: list[IdentityKey]) -> tuple[int | None, str]:
        """Steps 1–5 of the module docstring: the contact to join and how, or None."""
        exact = [k for k in keys if k[0] in EXACT_KINDS]
        for key in exact:
            if key in self.identities:
                return self.identities[key][1], "identity"
        networks = {network_of(k) for k in exact}
        by_company = next((k for k in keys if k[0] == "name_company"), None)
        if by_company in self.identities:
            contact_id = self.identities[by_company][1]
            if not networks & self.networks[contact_id]:
                return contact_id, "name_company"
        users = sorted({u for k, v in exact if k == "handle" and (u := handle_user(v))})
        for owners in (self.handle_users[u] for u in users):
            if len(owners) == 1 and not networks & self.networks[min(owners)]:
                return min(owners), "same_handle"
        name = next((k for k in keys if k[0] == "name"), None)
        if name is None or name not in self.identities:
            return None, "identity"
        contact_id = self.identities[name][1]
        if not exact:
            return contact_id, "identity"
        unique = self.names[name[1]] == 1 and is_full_name(name[1])
        if unique and not networks & self.networks[contact_id]:
            return contact_id, "name"
        return None, "identity"

    def _remember(self, key: IdentityKey, identity_id: int, contact_id: int) -> None:
        self.identities[key] = (identity_id, contact_id)
        if key[0] in EXACT_KINDS:
            self.networks[contact_id].add(network_of(key))
        if key[0] == "handle" and (user := handle_user(key[1])):
            self.handle_users[user].add(contact_id)

    def _attach(self, key: IdentityKey, contact_id: int, matched_by: str) -> None:
        values = (self.org_id, contact_id, *key, matched_by, CONFIDENCE[matched_by])
        identity_id: int | None
        if self._sqlite:  # the driver directly: ~20x less overhead per row
            cursor = self.connection.exec_driver_sql(_SQLITE_IDENTITY, values)
            identity_id = (
                int(cursor.lastrowid) if cursor.rowcount == 1 and cursor.lastrowid else None
            )
        else:
            columns = ("org_id", "contact_id", "kind", "value", "matched_by", "confidence")
            new = upsert_insert(self.connection, ContactIdentity.__table__).values(
                dict(zip(columns, values, strict=True))
            )
            identity_id = self.connection.execute(
                new.on_conflict_do_nothing().returning(ContactIdentity.id)
            ).scalar_one_or_none()
        if identity_id is None:  # stored meanwhile by another transaction: it wins
            i = ContactIdentity
            identity_id, contact_id = self.connection.execute(
                select(i.id, i.contact_id).where(
                    i.org_id == self.org_id, i.kind == key[0], i.value == key[1]
                )
            ).one()
        self._remember(key, identity_id, contact_id)

    def _complete(self, contact_id: int, ref: ContactRef) -> None:
        """Fill what an earlier, thinner sighting left empty (a message has no company);
        a contact that gained an account or a position is noted in ``completed``."""
        account = self.account_id(ref.company)
        empty = [
            column.is_(None)
            for column, value in (
                (Contact.account_id, account),
                (Contact.company, ref.company),
                (Contact.position, ref.position),
            )
            if value
        ]
        if not empty:
            return
        filled = self.connection.execute(
            update(Contact)
            .where(Contact.id == contact_id, or_(*empty))
            .values(
                account_id=func.coalesce(Contact.account_id, account),
                company=func.coalesce(Contact.company, ref.company),
                position=func.coalesce(Contact.position, ref.position),
            )
        )
        if filled.rowcount:
            self.completed.add(contact_id)
        if self.contact_accounts.get(contact_id) is None:
            self.contact_accounts[contact_id] = account

    def _create(self, ref: ContactRef) -> int:
        account = self.account_id(ref.company)
        values = (self.org_id, account, ref.name, ref.company, ref.position)
        if self._sqlite:
            cursor = self.connection.exec_driver_sql(_SQLITE_CONTACT, values)
            assert cursor.lastrowid is not None
            contact_id = int(cursor.lastrowid)
        else:
            columns = ("org_id", "account_id", "name", "company", "position")
            contact_id = self.connection.execute(
                insert(Contact)
                .values(dict(zip(columns, values, strict=True)))
                .returning(Contact.id)
            ).scalar_one()
        self.created += 1
        self.contact_accounts[contact_id] = account
        if ref.name:
            self.names[name_key(ref.name)] += 1
        return contact_id


def _stored(ref: ContactRef) -> ContactRef:
    """``ref`` with its texts as stored, so its identity keys match the stored ones."""
    texts = {f.name: getattr(ref, f.name) for f in dataclasses.fields(ref)}
    cleaned = {name: stored_text(value) for name, value in texts.items()}
    return ref if cleaned == texts else dataclasses.replace(ref, **cleaned)
