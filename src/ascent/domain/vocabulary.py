"""The names of DESIGN §3: channels, activity kinds, their modes, outcome kinds and phases.

Every set of kinds a measure counts is named here once; analytics, store and service import
it rather than spelling the kinds again.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
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
PUBLISH_KINDS: Final = frozenset({"post", "share"})
ENGAGE_KINDS: Final = frozenset({"comment", "reaction"})

#: what a person does on purpose, per routine mode: the kinds a habit counts (never what the
#: person received, so converse and connect keep only their outgoing kinds)
ROUTINE_KINDS_OF_MODE: Final[Mapping[str, frozenset[str]]] = {
    "publish": PUBLISH_KINDS,
    "engage": ENGAGE_KINDS,
    "converse": frozenset({"message_out", "email_out", "call"}),
    "connect": frozenset({"invite_out"}),
}
#: routine actions: what reveals a programme start and keeps a phase alive
ROUTINE_KINDS: Final = frozenset(k for kinds in ROUTINE_KINDS_OF_MODE.values() for k in kinds)
#: effort a strategy can cover: routine actions, meetings and events; what others do is not
EFFORT_KINDS: Final = ROUTINE_KINDS | {"meeting", "event"}

OUTCOME_KINDS: Final = frozenset(
    {"meeting_booked", "opportunity", "deal_won", "deal_lost", "referral", "web_visits"}
)
#: sales results (the jigsaw's results pillar, a phase's outcomes, a pursuit's recorded
#: answer); web visits are awareness, kept apart (DESIGN §2)
RESULT_KINDS: Final = OUTCOME_KINDS - {"web_visits"}
DEAL_KINDS: Final = frozenset({"deal_won", "deal_lost"})

#: person-initiated interactions with one contact (DESIGN §3 "Touch"); comments and reactions
#: count when they name the contact whose post they answer
TOUCH_KINDS: Final = frozenset(
    {"message_out", "invite_out", "email_out", "call", "meeting", "comment", "reaction"}
)
#: the contact responded (DESIGN §3 "Answer"); meetings are counted on their own
ANSWER_KINDS: Final = frozenset({"message_in", "email_in"})
#: a meeting with the contact: an answer, and a pursuit's own status
MEETING_KINDS: Final = frozenset({"meeting"})
#: a new connection with the contact
CONNECT_KINDS: Final = frozenset({"connect"})

ROLES: Final = frozenset({"seller", "lead", "admin"})


class Phase(StrEnum):
    """Where a person is on the change curve (DESIGN §3); serialises as its value."""

    NOT_STARTED = "not_started"
    UNINFORMED_OPTIMISM = "uninformed_optimism"
    INFORMED_PESSIMISM = "informed_pessimism"
    VALLEY_OF_DESPAIR = "valley_of_despair"
    INFORMED_OPTIMISM = "informed_optimism"
    SUCCESS = "success"
    LAPSED = "lapsed"


def mode_of(kind: str) -> str:
    """The mode (publish, engage, converse, connect, meet, profile) an activity kind counts in."""
    return MODE_OF_KIND[kind]
