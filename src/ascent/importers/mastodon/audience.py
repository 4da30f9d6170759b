"""Who a status was addressed to, from ``to``/``cc`` (FORMATS §3 "Visibility").

| visibility | rule |
|---|---|
| public | the Public collection is in ``to`` |
| unlisted | the Public collection is in ``cc`` |
| followers | the owner's followers collection is addressed, Public is not |
| direct | only the mentioned actors |

A direct status is a conversation, not a publication: it becomes ``message_out``.
"""

from __future__ import annotations

from typing import Any

from ascent.domain.records import ContactRef
from ascent.importers.mastodon.accounts import actor_ref, as_list
from ascent.importers.mastodon.owner import Owner

#: the Public collection, in full and in the compact forms JSON-LD allows
PUBLIC = frozenset({"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"})


def addressees(activity: dict[str, Any], note: dict[str, Any], field: str) -> list[str]:
    """``to`` or ``cc`` of the activity, else of its object (they are the same in Mastodon)."""
    value = activity.get(field, note.get(field))
    return [v for v in as_list(value) if isinstance(v, str)]


def visibility(activity: dict[str, Any], note: dict[str, Any], owner: Owner) -> str:
    to, cc = addressees(activity, note, "to"), addressees(activity, note, "cc")
    if PUBLIC.intersection(to):
        return "public"
    if PUBLIC.intersection(cc):
        return "unlisted"
    if owner.followers in to or owner.followers in cc:
        return "followers"
    return "direct"


def recipients(activity: dict[str, Any], note: dict[str, Any], owner: Owner) -> list[ContactRef]:
    """The actors a direct status is addressed to (when its mention tags are gone)."""
    found = (actor_ref(uri) for uri in addressees(activity, note, "to"))
    return [ref for ref in found if ref is not None and not owner.is_owner(ref)]
