"""Whose archive this is, decided before anything is read (FORMATS §2.4).

``account.js`` gives the account id, handle, display name and e-mail; ``manifest.js``'s
``userInfo`` the first three. Direction of a direct message and the thread/reply decision
depend on the id. An archive reduced to its direct messages names neither: then the owner is
the one id every 1:1 ``conversationId`` (``<a>-<b>``) shares, when exactly one does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ascent.domain.identities import normalise_email, normalise_profile_url, x_handle, x_uid
from ascent.domain.records import ContactRef, OwnerRecord
from ascent.importers.source import Source
from ascent.importers.x.layout import ACCOUNT, MESSAGES, Layout
from ascent.importers.x.wrapper import read_items, unwrap


@dataclass(frozen=True)
class Owner:
    """The archive's account as far as the archive says; any part may be unknown."""

    account_id: str | None = None
    username: str | None = None
    record: OwnerRecord | None = None

    def owns(self, ref: ContactRef | None) -> bool:
        """``ref`` is the owner's own account (a self-reply, a self-mention, a self-quote)."""
        if ref is None:
            return False
        if ref.uid and self.account_id:
            return ref.uid == x_uid(self.account_id)
        return bool(ref.handle and self.username) and ref.handle == x_handle(str(self.username))


def detect_owner(source: Source, layout: Layout) -> Owner:
    account = _account(source, layout)
    info = layout.user_info()
    account_id = _text(account, "accountId") or _text(info, "accountId")
    username = _text(account, "username") or _text(info, "userName")
    name = _text(account, "accountDisplayName") or _text(info, "displayName") or username
    if account_id is None:
        account_id = infer_account_id(source, layout.files(MESSAGES))
    if not (name or username):
        return Owner(account_id)
    record = OwnerRecord(
        name=name,
        profile_url=normalise_profile_url(f"https://x.com/{username}") if username else None,
        email=normalise_email(_text(account, "email")),
    )
    return Owner(account_id, username, record)


def infer_account_id(source: Source, names: Iterable[str]) -> str | None:
    """The one id present in every 1:1 conversation, or None when that is not one id."""
    common: set[str] | None = None
    for name in names:
        for _line, item in read_items(source, name):
            found = unwrap(item, "dmConversation")
            conversation = str(found.get("conversationId", "")) if isinstance(found, dict) else ""
            ids = set(conversation.split("-")) if "-" in conversation else set()
            common = ids if common is None else common & ids
    return next(iter(common)) if common and len(common) == 1 else None


def _account(source: Source, layout: Layout) -> dict[str, Any]:
    for name in layout.files(ACCOUNT):
        for _line, item in read_items(source, name):
            account = unwrap(item, "account")
            if isinstance(account, dict):
                return account
    return {}


def _text(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    return str(value).strip() or None if value is not None else None
