"""The vocabulary is DESIGN §3, spelled out once: these sets are the document's, exactly."""

from __future__ import annotations

import json

from ascent.domain.vocabulary import (
    ACTIVITY_KINDS,
    ANSWER_KINDS,
    CHANNELS,
    CONNECT_KINDS,
    DEAL_KINDS,
    EFFORT_KINDS,
    ENGAGE_KINDS,
    MEETING_KINDS,
    MODE_OF_KIND,
    MODES,
    OUTCOME_KINDS,
    PUBLISH_KINDS,
    RESULT_KINDS,
    ROLES,
    ROUTINE_KINDS,
    ROUTINE_KINDS_OF_MODE,
    TOUCH_KINDS,
    Phase,
)

#: the sets as DESIGN §3 writes them (touch, answer) or as the measures define them (DESIGN §4)
DESIGN_S3 = {
    "channels": {
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
    },
    "activity kinds": {
        "post",
        "share",
        "comment",
        "reaction",
        "message_out",
        "message_in",
        "invite_out",
        "invite_in",
        "connect",
        "email_out",
        "email_in",
        "call",
        "meeting",
        "event",
        "profile_update",
    },
    "outcome kinds": {
        "meeting_booked",
        "opportunity",
        "deal_won",
        "deal_lost",
        "referral",
        "web_visits",
    },
    "roles": {"seller", "lead", "admin"},
    "touch": {"message_out", "invite_out", "email_out", "call", "meeting", "comment", "reaction"},
    # a meeting answers too, but the rollups count meetings on their own
    "answer": {"message_in", "email_in"},
    "meeting": {"meeting"},
    "connect": {"connect"},
    "publish": {"post", "share"},
    "engage": {"comment", "reaction"},
    "routine": {
        "post",
        "share",
        "comment",
        "reaction",
        "message_out",
        "email_out",
        "call",
        "invite_out",
    },
    "effort": {
        "post",
        "share",
        "comment",
        "reaction",
        "message_out",
        "email_out",
        "call",
        "invite_out",
        "meeting",
        "event",
    },
    "results": {"meeting_booked", "opportunity", "deal_won", "deal_lost", "referral"},
    "deals": {"deal_won", "deal_lost"},
}


def test_the_sets_are_design_s3() -> None:
    vocabulary = {
        "channels": CHANNELS,
        "activity kinds": ACTIVITY_KINDS,
        "outcome kinds": OUTCOME_KINDS,
        "roles": ROLES,
        "touch": TOUCH_KINDS,
        "answer": ANSWER_KINDS,
        "meeting": MEETING_KINDS,
        "connect": CONNECT_KINDS,
        "publish": PUBLISH_KINDS,
        "engage": ENGAGE_KINDS,
        "routine": ROUTINE_KINDS,
        "effort": EFFORT_KINDS,
        "results": RESULT_KINDS,
        "deals": DEAL_KINDS,
    }
    assert vocabulary == DESIGN_S3


def test_modes_are_design_s3() -> None:
    kinds_of = {m: {k for k, mode in MODE_OF_KIND.items() if mode == m} for m in MODES}
    assert kinds_of == {
        "publish": {"post", "share"},
        "engage": {"comment", "reaction"},
        "converse": {"message_out", "message_in", "email_out", "email_in", "call"},
        "connect": {"invite_out", "invite_in", "connect"},
        "meet": {"meeting", "event"},
    }
    assert list(MODES) == ["publish", "engage", "converse", "connect", "meet"]


def test_a_habit_counts_only_what_the_person_did_in_its_mode() -> None:
    routine = {m: set(kinds) for m, kinds in ROUTINE_KINDS_OF_MODE.items()}
    assert routine == {
        "publish": {"post", "share"},
        "engage": {"comment", "reaction"},
        "converse": {"message_out", "email_out", "call"},
        "connect": {"invite_out"},
    }
    assert list(ROUTINE_KINDS_OF_MODE) == ["publish", "engage", "converse", "connect"]


def test_phases_are_design_s3_in_the_curve_order() -> None:
    assert [p.value for p in Phase] == [
        "not_started",
        "uninformed_optimism",
        "informed_pessimism",
        "valley_of_despair",
        "informed_optimism",
        "success",
        "lapsed",
    ]


def test_a_phase_is_its_name_in_text_and_json() -> None:
    phase = Phase.VALLEY_OF_DESPAIR
    assert phase == "valley_of_despair"
    assert (str(phase), f"{phase}") == ("valley_of_despair", "valley_of_despair")
    assert json.dumps({"phase": phase}) == '{"phase": "valley_of_despair"}'
    assert json.dumps({phase: 1}) == '{"valley_of_despair": 1}'
