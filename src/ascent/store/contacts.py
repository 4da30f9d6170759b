"""Resolve ``ContactRef``s to contact ids within one org, creating contacts as needed.

Identities, strongest first: profile URL, e-mail, handle, name + company, name alone. A ref
resolves to the contact of its strongest known identity; identities it adds that no other
contact holds are attached to that contact. Merging across channels is refined later.
"""

from __future__ import annotations

from sqlalchemy import Connection, insert, select

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
    if name and not keys:
        keys.append(("name", name))
    return keys


def account_key(name: str) -> str:
    return " ".join(name.lower().split())


class ContactResolver:
    """Caches the org's identities and accounts; writes new ones in the caller's transaction."""

    def __init__(self, connection: Connection, org_id: int) -> None:
        self.connection, self.org_id = connection, org_id
        rows = connection.execute(
            select(ContactIdentity.kind, ContactIdentity.value, ContactIdentity.contact_id).where(
                ContactIdentity.org_id == org_id
            )
        )
        self.identities: dict[IdentityKey, int] = {(k, v): c for k, v, c in rows}
        accounts = connection.execute(
            select(Account.name_key, Account.id).where(Account.org_id == org_id)
        )
        self.accounts: dict[str, int] = {key: id_ for key, id_ in accounts}

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

    def resolve_many(self, refs: list[ContactRef]) -> list[int | None]:
        """Contact ids for ``refs`` (None for refs with no identity), creating what is new."""
        return [self.resolve(ref) for ref in refs]

    def resolve(self, ref: ContactRef | None) -> int | None:
        if ref is None:
            return None
        keys = identity_keys(ref)
        if not keys:
            return None
        known = next((self.identities[k] for k in keys if k in self.identities), None)
        if known is None:
            known = self._create(ref)
        new = [k for k in keys if k not in self.identities]
        if new:
            self.connection.execute(
                insert(ContactIdentity),
                [
                    {"org_id": self.org_id, "contact_id": known, "kind": k, "value": v}
                    for k, v in new
                ],
            )
            self.identities.update(dict.fromkeys(new, known))
        return known

    def _create(self, ref: ContactRef) -> int:
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
