"""Counterparts as X names them: an account id, a handle, a display name (any may be missing).

Ids are written with ``x_uid`` and handles with ``x_handle`` so that the same account gets
the same identity from a reply, a mention, a direct message or a follow. An id that is not
all ASCII digits (mentions of vanished accounts carry ``-1``) identifies nobody.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ascent.domain.identities import x_handle, x_uid
from ascent.domain.records import ContactRecord, ContactRef

_HANDLE = re.compile(r"@?[A-Za-z0-9_]{1,20}")


def is_numeric_id(text: str) -> bool:
    """An X id: 64 bits, so 1 to 20 ASCII digits (``str.isdigit`` alone takes ``²``, which
    ``int`` refuses, and ``١٢٣``; ``int`` refuses more than 4,300 digits)."""
    return len(text) <= 20 and text.isascii() and text.isdigit()


def account_ref(uid: Any, screen_name: Any = None, name: Any = None) -> ContactRef | None:
    """A ContactRef from whatever the archive gives, or None when it identifies nobody."""
    account = str(uid or "").strip()
    handle = str(screen_name or "").strip()
    ref = ContactRef(
        name=str(name).strip() or None if name else None,
        handle=x_handle(handle) if _HANDLE.fullmatch(handle) else None,
        uid=x_uid(account) if is_numeric_id(account) else None,
    )
    return None if ref.handle is None and ref.uid is None else ref


class Sightings:
    """Identities already handed to the loader in this archive, as an activity's contact or a
    ``ContactRecord``: another ``ContactRecord`` is worth yielding only when it adds one."""

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def add(self, ref: ContactRef | None) -> bool:
        """Remember ``ref``; True when it brought an identity not seen before."""
        keys = {k for k in (ref.uid, ref.handle) if k} if ref is not None else set()
        new = not keys <= self._seen
        self._seen |= keys
        return new

    def records(self, refs: Iterable[ContactRef]) -> Iterator[ContactRecord]:
        for ref in refs:
            if self.add(ref):
                yield ContactRecord(ref)
