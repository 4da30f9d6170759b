"""The names of DESIGN §3: channels, activity kinds, their modes, and outcome kinds."""

from __future__ import annotations

from typing import Final

CHANNELS: Final = frozenset(
    {
        "linkedin",
        "x",
        "mastodon",
        "bluesky",
        "email",
        "phone",
        "meeting",
        "event",
        "web",
        "crm",
        "other",
    }
)

#: activity kind -> mode
MODE_OF_KIND: Final[dict[str, str]] = {
    "post": "publish",
    "share": "publish",
    "comment": "engage",
    "reaction": "engage",
    "message_out": "converse",
    "message_in": "converse",
    "email_out": "converse",
    "email_in": "converse",
    "call": "converse",
    "invite_out": "connect",
    "invite_in": "connect",
    "connect": "connect",
    "meeting": "meet",
    "event": "meet",
    "profile_update": "profile",
}
ACTIVITY_KINDS: Final = frozenset(MODE_OF_KIND)
MODES: Final = ("publish", "engage", "converse", "connect", "meet")

OUTCOME_KINDS: Final = frozenset(
    {"meeting_booked", "opportunity", "deal_won", "deal_lost", "referral", "web_visits"}
)

#: person-initiated interactions with one contact (DESIGN §3 "Touch"); comments and reactions
#: count when they name the contact whose post they answer
TOUCH_KINDS: Final = frozenset(
    {"message_out", "invite_out", "email_out", "call", "meeting", "comment", "reaction"}
)
#: the contact responded (DESIGN §3 "Answer"); meetings are counted on their own
ANSWER_KINDS: Final = frozenset({"message_in", "email_in"})
#: a new connection with the contact
CONNECT_KINDS: Final = frozenset({"connect"})

ROLES: Final = frozenset({"seller", "lead", "admin"})


def mode_of(kind: str) -> str:
    """The mode (publish, engage, converse, connect, meet, profile) an activity kind counts in."""
    return MODE_OF_KIND[kind]
