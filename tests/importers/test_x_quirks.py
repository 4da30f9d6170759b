"""One assertion per quirk of FORMATS §2.1–§2.4, on the pinned archive fixtures."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from ascent.domain.records import ActivityRecord, ContactRecord, ContactRef, OwnerRecord, Record
from ascent.importers.source import Source
from ascent.importers.x import X_ARCHIVE

FIXTURES = Path(__file__).parents[1] / "fixtures" / "x"
BOB = ContactRef(name="Bob Sample", handle="x:@bobsample", uid="x:2873401112")
CLEO = ContactRef(name="Cleo Demo", handle="x:@cleodemo", uid="x:918273645")
DAN = ContactRef(name="Dan Fixture", handle="x:@dan_fixture", uid="x:3310045512")
EVE = ContactRef(name="Eve Placeholder", handle="x:@eve_placeholder", uid="x:1402938475")
GUS = ContactRef(name="Gus Stub", handle="x:@gus_stub", uid="x:1588000123456789504")
#: the three versions of the edited 2023 webinar tweet
EDIT_FIRST, EDIT_MIDDLE, EDIT_LAST = (
    "1633029719454701981",
    "1633031026638897428",
    "1633032865182693243",
)


@pytest.fixture(scope="module")
def eras() -> dict[str, list[Record]]:
    found = {}
    for era in ("2019", "2022", "2023"):
        with Source.open(FIXTURES / era) as source:
            found[era] = list(X_ARCHIVE.parse(source))
    return found


def activities(records: list[Record], kind: str | None = None) -> list[ActivityRecord]:
    return [r for r in records if isinstance(r, ActivityRecord) and kind in (None, r.kind)]


def tweet(records: list[Record], start: str) -> ActivityRecord:
    """The tweet activity whose body starts with ``start``."""
    return next(r for r in activities(records) if (r.body or "").startswith(start))


def contacts(records: list[Record]) -> list[ContactRef]:
    return [r.contact for r in records if isinstance(r, ContactRecord)]


# --- §2.1 layout and manifest ----------------------------------------------------------------


def test_manifest_parts_are_all_read(eras: dict[str, list[Record]]) -> None:
    part1_only = tweet(eras["2023"], "Happy new year from Sydney")
    assert part1_only.source_key == "tweet:1609678351365067029"


def test_tweet_headers_do_not_double_count_tweets(eras: dict[str, list[Record]]) -> None:
    # tweet-headers.js repeats all 9 tweets of both parts: 7 tweets (3 versions are one) + 1
    # community tweet are the only tweet activities
    tweets = [r for r in activities(eras["2023"]) if r.source_key.startswith("tweet:")]
    assert len(tweets) == 8


def test_community_tweets_are_posts(eras: dict[str, list[Record]]) -> None:
    community = tweet(eras["2023"], "Anyone here running sales for dev tools?")
    assert (community.kind, community.is_question) == ("post", True)


# --- §2.2 generations --------------------------------------------------------------------------


def test_2019_bare_tweet_objects_in_tweet_js(eras: dict[str, list[Record]]) -> None:
    assert [r.source_key for r in activities(eras["2019"], "post")] == [
        "tweet:1126049397470265071",
        "tweet:1126049095480372702",
        "tweet:1105469881316391595",
    ]


def test_2019_direct_message_js_is_read(eras: dict[str, list[Record]]) -> None:
    assert [r.raw_time for r in activities(eras["2019"], "message_in")] == [
        "2019-03-29T09:02:44.120Z",
        "2019-03-12T16:40:00.004Z",
    ]


def test_2022_wrapped_tweets_are_read(eras: dict[str, list[Record]]) -> None:
    assert tweet(eras["2022"], "Pipeline review tip").source_key == "tweet:1590016314045453381"


# --- §2.3 tweets -------------------------------------------------------------------------------


def test_created_at_with_an_offset_moves_to_the_utc_day(eras: dict[str, list[Record]]) -> None:
    sydney = tweet(eras["2023"], "Happy new year from Sydney")
    assert sydney.raw_time == "Mon Jan 02 08:30:00 +1000 2023"
    assert sydney.occurred_at == datetime(2023, 1, 1, 22, 30, tzinfo=UTC)


def test_full_text_is_html_unescaped(eras: dict[str, list[Record]]) -> None:
    assert tweet(eras["2019"], "1/").body == (
        "1/ Three things I learned selling to CFOs & CTOs this spring 🧵"
    )
    assert tweet(eras["2019"], "2/").body == "2/ Answer the <price> question before it is asked."


def test_retweet_is_a_share_with_the_retweeted_account(eras: dict[str, list[Record]]) -> None:
    retweet = tweet(eras["2019"], "RT @bobsample:")
    assert (retweet.kind, retweet.contact) == ("share", BOB)


def test_retweet_text_truncated_at_140_is_kept_as_is(eras: dict[str, list[Record]]) -> None:
    retweet = tweet(eras["2023"], "RT @gus_stub:")
    assert (retweet.kind, retweet.contact) == ("share", GUS)
    assert retweet.body is not None
    assert (len(retweet.body), retweet.body[-1]) == (140, "…")


def test_quote_tweet_is_a_post_and_its_author_a_contact(eras: dict[str, list[Record]]) -> None:
    quote = tweet(eras["2023"], "This is the best objection-handling thread")
    assert (quote.kind, quote.contact) == ("post", None)
    assert ContactRef(handle="x:@finnmock") in contacts(eras["2023"])


def test_reply_to_another_account_is_a_comment_to_it(eras: dict[str, list[Record]]) -> None:
    reply = tweet(eras["2019"], "@dan_fixture")
    assert (reply.kind, reply.contact, reply.is_question) == ("comment", DAN, True)


def test_self_reply_continues_a_thread_as_a_post(eras: dict[str, list[Record]]) -> None:
    second = tweet(eras["2023"], "2/ Ask about the last time")
    assert (second.kind, second.contact) == ("post", None)


def test_self_reply_opening_with_someone_elses_handle_is_a_post(
    eras: dict[str, list[Record]],
) -> None:
    follow_up = tweet(eras["2022"], "@bobsample And the second half")
    assert (follow_up.kind, follow_up.contact) == ("post", None)


def test_mentions_become_contacts_but_not_the_reply_target(eras: dict[str, list[Record]]) -> None:
    reply = tweet(eras["2022"], "@eve_placeholder @finnmock")
    assert (reply.kind, reply.contact) == ("comment", EVE)
    found = contacts(eras["2022"])
    assert ContactRef(name="Finn Mock", handle="x:@finnmock", uid="x:771234560") in found
    assert all(c.uid != EVE.uid for c in found)


def test_mention_in_an_original_post_is_a_contact_not_the_posts(
    eras: dict[str, list[Record]],
) -> None:
    panel = tweet(eras["2019"], "Great panel with @cleodemo")
    assert (panel.kind, panel.contact) == ("post", None)
    assert contacts(eras["2019"]) == [CLEO]


def test_link_is_the_x_web_status_url(eras: dict[str, list[Record]]) -> None:
    panel = tweet(eras["2019"], "Great panel with @cleodemo")
    assert panel.link == "https://x.com/i/web/status/1105469881316391595"


def test_edited_tweet_is_one_post_keyed_on_its_initial_id(eras: dict[str, list[Record]]) -> None:
    webinars = [r for r in activities(eras["2023"]) if (r.body or "").startswith("Webinar")]
    assert [r.source_key for r in webinars] == [f"tweet:{EDIT_FIRST}"]


def test_edited_tweet_keeps_the_last_text_and_the_first_date(
    eras: dict[str, list[Record]],
) -> None:
    webinar = tweet(eras["2023"], "Webinar")
    assert webinar.body is not None
    assert webinar.body.startswith("Webinar on Thursday: how we cut our sales cycle by 30% (slides")
    assert webinar.link == f"https://x.com/i/web/status/{EDIT_LAST}"
    assert webinar.raw_time == "Tue Mar 07 09:00:00 +0000 2023"


def test_edit_versions_in_two_parts_meet(eras: dict[str, list[Record]]) -> None:
    # the initial version is in tweets-part1.js, the two edits in tweets.js
    webinar = tweet(eras["2023"], "Webinar")
    assert webinar.occurred_at == datetime(2023, 3, 7, 9, 0, tzinfo=UTC)
    assert EDIT_MIDDLE not in {r.source_key[6:] for r in activities(eras["2023"])}


# --- §2.4 other files --------------------------------------------------------------------------


def test_likes_are_only_a_note(eras: dict[str, list[Record]]) -> None:
    assert not activities(eras["2022"], "reaction")
    notes = [getattr(r, "message", "") for r in eras["2022"]]
    assert "3 likes not placed on any day: the archive gives a like no date and no author" in notes


def test_follows_are_contacts_with_only_an_id(eras: dict[str, list[Record]]) -> None:
    assert contacts(eras["2022"])[2:] == [
        ContactRef(uid="x:45821937"),
        ContactRef(uid="x:1588000123456789504"),
    ]


def test_follows_already_seen_are_not_repeated(eras: dict[str, list[Record]]) -> None:
    # following.js lists Bob and Cleo, already met in tweets; follower.js Bob again
    uids = [c.uid for c in contacts(eras["2022"])]
    assert uids.count(BOB.uid) == 1
    assert CLEO.uid not in uids


def test_dm_created_at_with_milliseconds_is_utc(eras: dict[str, list[Record]]) -> None:
    first = activities(eras["2022"], "message_in")[0]
    assert first.occurred_at == datetime(2022, 10, 24, 18, 30, 2, 78000, tzinfo=UTC)


def test_dm_text_is_html_unescaped(eras: dict[str, list[Record]]) -> None:
    assert activities(eras["2019"], "message_out")[0].body == "Sure >> how about Tuesday at 10?"


def test_dm_direction_and_counterpart_from_the_conversation_id(
    eras: dict[str, list[Record]],
) -> None:
    # Cleo's id is the smaller, so it comes first in her conversationId
    found = [(r.kind, r.contact) for r in activities(eras["2019"]) if r.source_key[:3] == "dm:"]
    assert found == [
        ("message_out", ContactRef(uid=BOB.uid)),
        ("message_in", ContactRef(uid=BOB.uid)),
        ("message_in", ContactRef(uid=CLEO.uid)),
    ]


def test_dm_key_is_the_message_id(eras: dict[str, list[Record]]) -> None:
    assert activities(eras["2019"], "message_out")[0].source_key == "dm:1111591354351349214"


def test_dm_reactions_are_not_activities(eras: dict[str, list[Record]]) -> None:
    assert len([r for r in activities(eras["2022"]) if r.source_key[:3] == "dm:"]) == 2


def test_group_membership_events_are_not_messages(eras: dict[str, list[Record]]) -> None:
    group = [
        r for r in activities(eras["2023"]) if r.occurred_at.date().isoformat() == "2023-03-14"
    ]
    assert [r.raw_time for r in group] == [
        "2023-03-14T16:45:10.101Z",
        "2023-03-14T16:20:40.808Z",
        "2023-03-14T16:10:05.505Z",
    ]


def test_group_incoming_message_is_from_its_sender(eras: dict[str, list[Record]]) -> None:
    finn = next(r for r in activities(eras["2023"]) if r.raw_time == "2023-03-14T16:20:40.808Z")
    assert (finn.kind, finn.contact) == ("message_in", ContactRef(uid="x:771234560"))


def test_group_outgoing_message_goes_to_the_first_other_writer(
    eras: dict[str, list[Record]],
) -> None:
    mine = next(r for r in activities(eras["2023"]) if r.raw_time == "2023-03-14T16:45:10.101Z")
    assert (mine.kind, mine.contact) == ("message_out", ContactRef(uid=DAN.uid))


def test_owner_from_account_js(eras: dict[str, list[Record]]) -> None:
    assert eras["2022"][0] == OwnerRecord(
        name="Ada Example", profile_url="https://x.com/ada_example", email="ada@example.com"
    )
