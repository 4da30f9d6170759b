"""What makes a message row no person's activity, and the Note that counts what was skipped
(FORMATS §1.3; docs/formats.md "What is skipped and why").

The reasons, in the order they are tested:

- ``sponsored``: a ``Sponsored Conversation``, or a sender name cut right after "from"
  (2018 sponsored InMail is written ``Angela from``);
- ``linkedin``: LinkedIn's own mail (``Sam from LinkedIn``, ``Melissa from LinkedIn Premium``);
- ``hidden``: a hidden ``LinkedIn Member`` (no profile URL) in a thread the owner never wrote
  in; in a thread the owner wrote in, the row is kept (see ``threads``);
- ``unanswered``: 2018 only, InMail with a subject from a sender nothing shows to be a
  person: never written to, never writing without a subject, in neither Connections.csv nor
  Invitations.csv (company pages: a cloud provider, a hosting company; see ``messages_2018``);
- ``draft``: a draft (no conversation id and no folder, or ``IS MESSAGE DRAFT`` = Yes).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from ascent.domain.records import ContactRef, Note, Record

HIDDEN_MEMBER = "LinkedIn Member"
#: why a message row naming no sender at all is rejected
NO_SENDER = "no sender (empty FROM and SENDER PROFILE URL)"
#: how ``IS MESSAGE DRAFT`` says a row is a draft
DRAFT_MARKS = ("Yes", "YES", "yes")
SPONSORED_TITLE = "Sponsored Conversation"
#: how each reason reads in the Note, in the order it lists them
REASONS = {
    "sponsored": "sponsored InMail",
    "linkedin": "from LinkedIn itself",
    "hidden": "from a hidden LinkedIn Member in threads the owner never wrote in",
    "unanswered": (
        "unanswered InMail with a subject from outside the owner's network (company pages)"
    ),
}


def system_reason(title: str, sender: str, sender_url: str | None) -> str | None:
    """``sponsored``, ``linkedin`` or ``hidden`` for mail that is not a person's, else None.

    ``hidden`` is only a suspicion: the caller keeps the row when the owner wrote in its thread.
    """
    if title == SPONSORED_TITLE or sender.endswith(" from"):
        return "sponsored"
    if " from LinkedIn" in sender:
        return "linkedin"
    if sender == HIDDEN_MEMBER and sender_url is None:
        return "hidden"
    return None


def skip_note(label: str, skipped: Counter[str]) -> Iterator[Record]:
    """One Note per file: the drafts, and the messages that are no person's, by reason."""
    system = sum(skipped[r] for r in REASONS)
    if not (skipped["draft"] or system):
        return
    why = ", ".join(f"{skipped[r]} {text}" for r, text in REASONS.items() if skipped[r])
    message = f"skipped {skipped['draft']} drafts, {system} sponsored/system messages"
    yield Note(label, f"{message} ({why})" if why else message)


@lru_cache(maxsize=65536)
def person(name: str, url: str | None) -> ContactRef | None:
    """A ContactRef, or None for nobody or a hidden ``LinkedIn Member``; cached (immutable)."""
    if url is None and name in ("", HIDDEN_MEMBER):
        return None
    return ContactRef(name=name or None, profile_url=url)
