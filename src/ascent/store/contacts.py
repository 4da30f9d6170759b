"""Resolve ``ContactRef``s to contact ids within one org, creating contacts as needed.

Identities, strongest first: profile URL, e-mail, handle, name + company, name alone. A ref
resolves to the contact of its strongest known identity; identities it adds that no other
contact holds are attached to that contact. The name alone is recorded for every contact
(the first one with that name keeps it) but only looked up for a ref that carries nothing
stronger: two people may share a name, so a URL that is new must never fall back to it.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, insert, select, update

from ascent.domain.records import ContactRef
from ascent.store.models import Account, Contact, ContactIdentity

IdentityKey = tuple[str, str]


def identity_keys(ref: ContactRef) -> list[IdentityKey]:
    """The identities a ref carries, strongest first."""
    keys: list[IdentityKey] = []
    if ref.profile_url:
        keys.append(("profile_url", ref.profile_url))
    if ref.email:
        keys.append(("email", ref.email.lower()))
    if ref.handle:
        keys.append(("handle", ref.handle.lower()))
    name = (ref.name or "").strip().lower()
    if name and ref.company:
        keys.append(("name_company", f"{name}|{ref.company.strip().lower()}"))
    if name:
        keys.append(("name", name))
    return keys


_SQLITE_CONTACT = (
    "INSERT INTO contacts (org_id, account_id, name, company, position) VALUES (?, ?, ?, ?, ?)"
)
_SQLITE_IDENTITY = (
    "INSERT INTO contact_identities (org_id, contact_id, kind, value) VALUES (?, ?, ?, ?)"
)


def account_key(name: str) -> str:
    return " ".join(name.lower().split())


class ContactResolver:
    """Caches the org's identities and accounts; writes new ones in the caller's transaction.

    Each ``ContactRef`` (frozen, hashable) is resolved once: once resolved, its strongest
    identity is known and maps to the same contact for the rest of the resolver's life, so
    the answer is cached and a million messages with a few thousand counterparts cost a
    few thousand resolutions.
    """

    def __init__(self, connection: Connection, org_id: int) -> None:
        self.connection, self.org_id = connection, org_id
        self.resolved: dict[ContactRef, int | None] = {}
        self._sqlite = connection.dialect.name == "sqlite"
        rows = connection.execute(
            select(ContactIdentity.kind, ContactIdentity.value, ContactIdentity.contact_id).where(
                ContactIdentity.org_id == org_id
            )
        )
        self.identities: dict[IdentityKey, int] = {(k, v): c for k, v, c in rows}
        accounts = connection.execute(
            select(Account.name_key, Account.id).where(Account.org_id == org_id)
        )
        self.accounts: dict[str, int] = dict(accounts.all())

    def account_id(self, name: str | None) -> int | None:
        if not name or not name.strip() or name.strip() in {"-", "NA"}:
            return None
        key = account_key(name)
        if key not in self.accounts:
            self.accounts[key] = self.connection.execute(
                insert(Account)
                .values(org_id=self.org_id, name=name.strip(), name_key=key)
                .returning(Account.id)
            ).scalar_one()
        return self.accounts[key]

    def resolve(self, ref: ContactRef | None) -> int | None:
        if ref is None:
            return None
        try:
            return self.resolved[ref]
        except KeyError:
            found = self.resolved[ref] = self._resolve(ref)
            return found

    def _resolve(self, ref: ContactRef) -> int | None:
        keys = identity_keys(ref)
        if not keys:
            return None
        strong = [k for k in keys if k[0] != "name"]
        known = next((self.identities[k] for k in strong or keys if k in self.identities), None)
        if known is None:
            known = self._create(ref)
        elif ref.company or ref.position:
            self._complete(known, ref)
        new = [k for k in keys if k not in self.identities]
        if new:
            rows = [(self.org_id, known, k, v) for k, v in new]
            if self._sqlite:
                self.connection.exec_driver_sql(_SQLITE_IDENTITY, rows)
            else:
                self.connection.execute(
                    insert(ContactIdentity),
                    [dict(zip(("org_id", "contact_id", "kind", "value"), r, strict=True))
                     for r in rows],
                )  # fmt: skip
            self.identities.update(dict.fromkeys(new, known))
        return known

    def _complete(self, contact_id: int, ref: ContactRef) -> None:
        """Fill what an earlier, thinner sighting left empty (a message has no company)."""
        self.connection.execute(
            update(Contact)
            .where(Contact.id == contact_id)
            .values(
                account_id=func.coalesce(Contact.account_id, self.account_id(ref.company)),
                company=func.coalesce(Contact.company, ref.company),
                position=func.coalesce(Contact.position, ref.position),
            )
        )

    def _create(self, ref: ContactRef) -> int:
        if self._sqlite:  # the driver directly: ~20x less overhead per new contact
            cursor = self.connection.exec_driver_sql(
                _SQLITE_CONTACT,
                (self.org_id, self.account_id(ref.company), ref.name, ref.company, ref.position),
            )
            assert cursor.lastrowid is not None
            return int(cursor.lastrowid)
        contact_id: int = self.connection.execute(
            insert(Contact)
            .values(
                org_id=self.org_id,
                account_id=self.account_id(ref.company),
                name=ref.name,
                company=ref.company,
                position=ref.position,
            )
            .returning(Contact.id)
        ).scalar_one()
        return contact_id
