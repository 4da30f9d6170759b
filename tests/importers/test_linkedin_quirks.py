"""One assertion per quirk of FORMATS §1.2–§1.8, on the pinned era fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from ascent.domain.records import ActivityRecord, ContactRef, Note, OwnerRecord, Record, Rejected
from ascent.importers.linkedin import LINKEDIN
from ascent.importers.source import Source

FIXTURES = Path(__file__).parents[1] / "fixtures" / "linkedin"
ADA = "https://www.linkedin.com/in/ada-example-1a2b3c"
FEED = "https://www.linkedin.com/feed/update/urn%3Ali%3A"


@pytest.fixture(scope="module")
def eras() -> dict[str, list[Record]]:
    found = {}
    for era in ("2018", "2022", "2024", "2026", "excel_resaved"):
        with Source.open(FIXTURES / era) as source:
            found[era] = list(LINKEDIN.parse(source))
    return found


def activities(records: list[Record], kind: str) -> list[ActivityRecord]:
    return [r for r in records if isinstance(r, ActivityRecord) and r.kind == kind]


def by_key(records: list[Record], key: str) -> ActivityRecord:
    return next(r for r in records if isinstance(r, ActivityRecord) and r.source_key == key)


# --- §1.2 Connections -----------------------------------------------------------------------


def test_2018_connections_without_preamble_and_with_us_dates(eras: dict[str, list[Record]]) -> None:
    first = activities(eras["2018"], "connect")[0]
    assert first.raw_time == "11/2/18, 9:05 AM"
    assert first.occurred_at.isoformat() == "2018-11-02T09:05:00+00:00"
    assert first.contact == ContactRef(
        name="Bob Sample", email="bob@example.com", company="Acme, Inc.", position="CTO"
    )
    assert first.source_key == "connect:bob sample|2018-11-02"


def test_notes_preamble_is_skipped_and_line_numbers_count_it(eras: dict[str, list[Record]]) -> None:
    rejected = [r for r in eras["2022"] if isinstance(r, Rejected)]
    assert [(Path(r.file).name, r.line, r.reason) for r in rejected] == [
        ("Connections.csv", 9, "unreadable date '31/31/99' in Connected On")
    ]


def test_date_only_connections_are_counted_with_stable_keys(eras: dict[str, list[Record]]) -> None:
    hidden = [r for r in activities(eras["2026"], "connect") if r.contact is None]
    assert [r.source_key for r in hidden] == [
        "connect:2026-01-14:hidden:1",
        "connect:2026-01-14:hidden:2",
        "connect:2026-01-03:hidden:1",
    ]


def test_percent_encoded_slug_is_decoded_and_lowered(eras: dict[str, list[Record]]) -> None:
    renee = activities(eras["2026"], "connect")[2]
    assert renee.contact is not None
    assert renee.contact.profile_url == "https://www.linkedin.com/in/renée-example-9z8y7x"
    assert renee.source_key == "connect:https://www.linkedin.com/in/renée-example-9z8y7x"


def test_last_row_without_trailing_newline_is_read(eras: dict[str, list[Record]]) -> None:
    assert activities(eras["2026"], "connect")[-1].source_key == (
        "connect:https://www.linkedin.com/in/tom-sample"
    )
    assert activities(eras["2022"], "connect")[-1].raw_time == "01 Mar 2017"


def test_names_keep_credentials_emoji_and_lose_padding(eras: dict[str, list[Record]]) -> None:
    gina, hal = activities(eras["2022"], "connect")[:2]
    assert gina.contact == ContactRef(name="Gina Example🔸", company="Globex", position="VP Sales")
    assert hal.contact == ContactRef(
        name="Hal Roe, PhD", email="hal@example.com", company=None, position="Advisor"
    )  # " -" as Company means none; e-mail lower case


def test_excel_resave_bom_crlf_na_and_dropped_email_column(eras: dict[str, list[Record]]) -> None:
    jane, bob, hidden = activities(eras["excel_resaved"], "connect")
    assert jane.contact == ContactRef(
        name="Jane Roe", profile_url="https://www.linkedin.com/in/jane-roe-cpa", position="CFO"
    )
    assert (jane.raw_time, jane.occurred_at.date().isoformat()) == ("18-Jun-24", "2024-06-18")
    assert (bob.source_key, bob.raw_time) == ("connect:bob sample|2022-09-09", "9-Sep-22")
    assert hidden.contact is None


# --- §1.3 messages --------------------------------------------------------------------------


def test_2018_messages_use_direction_and_unescape_entities(eras: dict[str, list[Record]]) -> None:
    incoming = activities(eras["2018"], "message_in")
    assert [(m.source_key, m.body, m.is_question) for m in incoming] == [
        (
            "msg2018:Bob Sample|Ada Example|2018-10-16T08:36:00+00:00",
            "Thanks Ada \u2013 great\u00a0stuff. When can we meet?",
            True,
        )
    ]
    assert [m.contact for m in activities(eras["2018"], "message_out")] == [
        ContactRef(name="Bob Sample"),
        ContactRef(name="Cara Demo"),
    ]


def test_system_senders_are_skipped_and_noted(eras: dict[str, list[Record]]) -> None:
    notes = {era: [n.message for n in rs if isinstance(n, Note)] for era, rs in eras.items()}
    assert notes["2024"] == [
        "skipped 1 drafts, 2 sponsored/system messages (1 sponsored InMail, 1 from LinkedIn itself)"
    ]
    assert notes["2026"] == [
        "skipped 0 drafts, 1 sponsored/system messages (1 from LinkedIn itself)"
    ]
    senders = {
        (m.contact.name if m.contact else None)
        for rs in eras.values()
        for m in activities(rs, "message_in")
    }
    assert not {"LinkedIn Member", "Sam from LinkedIn", "Melissa from LinkedIn Premium"} & senders


def test_nine_column_era_direction_by_sender_url(eras: dict[str, list[Record]]) -> None:
    out = activities(eras["2022"], "message_out")
    assert [m.contact for m in out] == [
        ContactRef(name="Gina Example🔸"),
        ContactRef(name="Hal Roe, PhD"),
    ]  # the 2nd row's sender URL has a trailing slash and still is the owner
    gina_in = activities(eras["2022"], "message_in")[0]
    assert gina_in.contact == ContactRef(
        name="Gina Example🔸", profile_url="https://www.linkedin.com/in/gina-example"
    )
    assert gina_in.body == "Sounds good? Let's talk"
    assert gina_in.source_key.startswith("msg:2-AQEBAQ")
    assert gina_in.source_key.endswith(
        "|https://www.linkedin.com/in/gina-example|2022-09-05T10:00:00+00:00"
    )


def test_comma_names_in_to_are_not_split(eras: dict[str, list[Record]]) -> None:
    jane, group, bare = activities(eras["2024"], "message_out")
    assert jane.contact == ContactRef(
        name="Jane Roe, CPA", profile_url="https://www.linkedin.com/in/jane-roe-cpa"
    )
    assert jane.is_question
    assert group.contact == ContactRef(profile_url="https://www.linkedin.com/in/bob-sample-42")
    assert bare.contact == ContactRef(name="Old Contact")  # bare /in URL: no key


def test_twelve_column_era_rejects_an_unreadable_date_with_its_line(
    eras: dict[str, list[Record]],
) -> None:
    rejected = [r for r in eras["2024"] if isinstance(r, Rejected)]
    assert [(Path(r.file).name, r.line) for r in rejected] == [("messages.csv", 9)]
    assert rejected[0].reason == "unreadable date '2024-13-45 99:99:99 UTC' in DATE"


def test_all_quoted_2026_messages_keep_real_line_breaks(eras: dict[str, list[Record]]) -> None:
    renee_in = activities(eras["2026"], "message_in")[0]
    assert renee_in.body == "Hi Ada,\nThanks for the call.\nNext steps?"
    assert renee_in.raw_time == "2026-03-02 16:05:09 UTC"
    out = activities(eras["2026"], "message_out")
    assert [m.body for m in out] == ["Sure!\n\nSee you Tuesday.", "Use <b> tags"]


def test_sibling_message_files_are_ignored(eras: dict[str, list[Record]]) -> None:
    bodies = {r.body for rs in eras.values() for r in rs if isinstance(r, ActivityRecord)}
    assert "Not sales" not in bodies


def test_excel_resaved_messages_parse_lenient_dates(eras: dict[str, list[Record]]) -> None:
    incoming = activities(eras["excel_resaved"], "message_in")[0]
    assert (incoming.raw_time, incoming.occurred_at.isoformat()) == (
        "4/8/2025 17:19",
        "2025-04-08T17:19:00+00:00",
    )
    empty = activities(eras["excel_resaved"], "message_out")[1]
    assert empty.body is None  # 'NA' content


# --- §1.4 Invitations -----------------------------------------------------------------------


def test_invitations_with_full_urls(eras: dict[str, list[Record]]) -> None:
    (out,) = activities(eras["2024"], "invite_out")
    (inv,) = activities(eras["2024"], "invite_in")
    assert out.source_key == (
        "inv:out|https://www.linkedin.com/in/kim-recruiter|2024-06-12T09:41:00+00:00"
    )
    assert inv.contact == ContactRef(
        name="Lee Prospect", profile_url="https://www.linkedin.com/in/lee-prospect"
    )
    assert (inv.body, inv.is_question) == ("Can we connect?", True)


def test_invitations_without_url_columns_use_names(eras: dict[str, list[Record]]) -> None:
    (out,) = activities(eras["2022"], "invite_out")
    assert out.source_key == "inv:out|Lia Demo|2022-09-07T10:01:00+00:00"
    (inv,) = activities(eras["2026"], "invite_in")
    assert (inv.raw_time, inv.occurred_at.isoformat()) == (
        "12/15/25, 7:47 PM",
        "2025-12-15T19:47:00+00:00",
    )


# --- §1.5 Shares ----------------------------------------------------------------------------


def test_2018_utf16_tab_shares(eras: dict[str, list[Record]]) -> None:
    posts = activities(eras["2018"], "post")
    assert posts[0].body == "Selling is helping, not telling."
    assert posts[0].raw_time == "2017/06/08 08:15:44 UTC"
    assert (
        posts[0].link == "https://www.linkedin.com/feed/update/urn:li:activity:6277000000000000001"
    )
    assert posts[1].body == 'He said "hi" to me.'
    assert activities(eras["2018"], "share")[0].body is None


def test_double_wrapped_multi_line_commentary_is_repaired(eras: dict[str, list[Record]]) -> None:
    assert activities(eras["2022"], "post")[0].body == 'First line.\n\nSecond line with "quotes".'
    assert activities(eras["2024"], "post")[0].body == "Three lessons:\n\n1. Listen.\n2. Ask?"
    assert activities(eras["2026"], "post")[0].body == "𝗪𝗛𝗔𝗧 I learned\n\nKeep going 🚀"


def test_share_kind_rule_and_header_case_change(eras: dict[str, list[Record]]) -> None:
    (share,) = activities(eras["2024"], "share")  # SharedUrl (2024) as well as SharedURL
    assert share.source_key == f"share:{FEED}share%3A7210000000000000002"
    assert share.link == f"{FEED}share%3A7210000000000000002"
    (share22,) = activities(eras["2022"], "share")
    assert share22.link == f"{FEED}share%3A6970000000000000011"
    image_only = activities(eras["2026"], "post")[1]
    assert image_only.body is None  # no text, no SharedUrl: still a post


# --- §1.6 Comments, §1.7 Reactions ----------------------------------------------------------


def test_unquoted_multi_line_comments_of_2021_2024(eras: dict[str, list[Record]]) -> None:
    first, second, third, _ = activities(eras["2022"], "comment")
    assert first.body == "Great point\nSecond line of the comment\n\nThird paragraph?"
    assert first.is_question
    assert first.source_key == (
        f"comment:{FEED}activity%3A6970000000000000001|2022-09-01T10:00:00+00:00"
    )
    assert second.body == 'Jane Roe Thanks, "really" useful'
    assert third.body == "Quoted multi-line, with comma\nsecond line"


def test_backslash_escaped_comments_of_2025_2026(eras: dict[str, list[Record]]) -> None:
    bodies = [c.body for c in activities(eras["2026"], "comment")]
    assert bodies == ['He said "hi" today, nice', "Line one\nLine two, with comma", "Plain comment"]


def test_reactions_keep_type_in_key_and_link(eras: dict[str, list[Record]]) -> None:
    reactions = activities(eras["2022"], "reaction")
    assert reactions[0].source_key == f"reaction:{FEED}activity%3A6970000000000000020|LIKE"
    assert reactions[2].link is not None
    assert "commentUrn=" in reactions[2].link
    semicolon = activities(eras["excel_resaved"], "reaction")
    assert [r.source_key.rsplit("|", 1)[1] for r in semicolon] == ["LIKE", "PRAISE"]


# --- §1.8 owner -----------------------------------------------------------------------------


def test_owner_from_profile_and_outgoing_invitations(eras: dict[str, list[Record]]) -> None:
    owner = eras["2024"][0]
    assert owner == OwnerRecord(
        name="Ada Example",
        profile_url=ADA,
        headline="Head of Sales at Acme",
        summary="I help teams sell, socially.",
    )


def test_owner_url_from_most_frequent_sender_without_url_invitations(
    eras: dict[str, list[Record]],
) -> None:
    owner = eras["2022"][0]
    assert isinstance(owner, OwnerRecord)
    assert owner.profile_url == ADA


# --- issue 8: 2018 sponsored InMail, hidden members in real threads ---------------------------


@pytest.fixture(scope="module")
def issue8() -> dict[str, list[Record]]:
    found = {}
    for era in ("2018_sponsored", "2024_hidden_member"):
        with Source.open(FIXTURES / era) as source:
            found[era] = list(LINKEDIN.parse(source))
    return found


def test_2018_sponsored_and_company_inmail_never_become_contacts(
    issue8: dict[str, list[Record]],
) -> None:
    records = issue8["2018_sponsored"]
    incoming = [
        (m.contact.name if m.contact else None, m.body) for m in activities(records, "message_in")
    ]
    assert incoming == [
        (
            "Dan Sample",
            "As requested\u00a0\u2013 please send me an up\u2011to\u2011date CV & the form.",
        ),
        (
            "Dan Sample",
            "Dear Ada,   I\u2019m hiring for Globex\u2019s team & wondered if you\u2019d talk?",
        ),
        (
            "Eve Demo",
            "Hi Ada,    I wished to invite you to become an expert\u00a0\u2013 it\u2019s free.",
        ),
    ]  # answered InMail, and an unanswered note without a subject, are people's
    assert [m.contact for m in activities(records, "message_out")] == [
        ContactRef(name="Dan Sample"),
        ContactRef(name="Fay Roe"),
    ]
    assert [n.message for n in records if isinstance(n, Note)] == [
        "skipped 0 drafts, 7 sponsored/system messages (2 sponsored InMail, 1 from LinkedIn "
        "itself, 1 from a hidden LinkedIn Member in threads the owner never wrote in, 3 "
        "unanswered InMail with a subject from outside the owner's network (company pages))"
    ]


def test_a_hidden_member_is_kept_where_the_owner_wrote_in_the_thread(
    issue8: dict[str, list[Record]],
) -> None:
    records = issue8["2024_hidden_member"]
    gus = ContactRef(name="Gus Sample", profile_url="https://www.linkedin.com/in/gus-sample")
    hidden = [
        (m.contact, m.body)
        for m in activities(records, "message_in")
        if m.source_key.split("|")[1] == "LinkedIn Member"
    ]
    assert hidden == [
        (gus, "Sure\u00a0\u2013 let\u2019s talk Tuesday & bring the deck."),  # 1:1: the other
        (None, "Saw your post\u2026 are you hiring?"),  # the owner wrote to a hidden member
        (None, "Great to see you all\u2019"),  # a group thread: whose, unknown
    ]
    assert [n.message for n in records if isinstance(n, Note)] == [
        "skipped 0 drafts, 3 sponsored/system messages (2 sponsored InMail, 1 from a hidden "
        "LinkedIn Member in threads the owner never wrote in)"
    ]


def test_a_member_urn_in_connections_email_is_no_identity(issue8: dict[str, list[Record]]) -> None:
    gus, hal = activities(issue8["2024_hidden_member"], "connect")
    assert (gus.contact and gus.contact.email, hal.contact and hal.contact.email) == (
        None,
        "hal@demo.example",
    )
