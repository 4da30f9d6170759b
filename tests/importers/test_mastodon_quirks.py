"""One assertion per quirk of FORMATS §3, on the pinned era fixtures."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ascent.domain.records import ActivityRecord, ContactRecord, ContactRef, Note, Record
from ascent.importers.mastodon import MASTODON
from ascent.importers.source import Source

FIXTURES = Path(__file__).parents[1] / "fixtures" / "mastodon"
FEDI = "https://fedi.example/users/ada/statuses/"
TOOT = "https://toot.example/users/ada/statuses/"


@pytest.fixture(scope="module")
def eras() -> dict[str, list[Record]]:
    found = {}
    for era in ("2022", "2024"):
        with Source.open(FIXTURES / era) as source:
            found[era] = list(MASTODON.parse(source))
    return found


def activities(records: list[Record], kind: str | None = None) -> list[ActivityRecord]:
    return [r for r in records if isinstance(r, ActivityRecord) and kind in (None, r.kind)]


def nth(eras: dict[str, list[Record]], era: str, n: int) -> ActivityRecord:
    """The activity made from the n-th item (1-based) of that era's outbox.json."""
    outbox = json.loads((FIXTURES / era / "outbox.json").read_bytes())
    key = outbox["orderedItems"][n - 1]["id"]
    return next(r for r in activities(eras[era]) if r.source_key == key)


def account(user: str, host: str, server: str | None = None) -> ContactRef:
    """A counterpart as the archive names it: actor URL on its server, address handle."""
    url = f"https://{server or host}/users/{user}"
    return ContactRef(profile_url=url, handle=f"mastodon:@{user}@{host}")


def contacts(records: list[Record]) -> list[ContactRef]:
    return [r.contact for r in records if isinstance(r, ContactRecord)]


# --- outbox.json: the collection -------------------------------------------------------------


def test_total_items_is_not_trusted_every_item_is_counted(eras: dict[str, list[Record]]) -> None:
    outbox = json.loads((FIXTURES / "2024" / "outbox.json").read_bytes())
    assert (outbox["totalItems"], len(outbox["orderedItems"])) == (9, 11)
    assert len(activities(eras["2024"])) == 10  # 11 items, one a note to self


def test_items_oldest_first_keep_their_order(eras: dict[str, list[Record]]) -> None:
    times = [r.occurred_at for r in activities(eras["2022"])]
    assert times == sorted(times)


def test_published_is_parsed_as_utc_and_kept_raw(eras: dict[str, list[Record]]) -> None:
    first = nth(eras, "2022", 1)
    assert (first.raw_time, first.occurred_at) == (
        "2022-11-08T03:07:14Z",
        datetime(2022, 11, 8, 3, 7, 14, tzinfo=UTC),
    )


def test_the_key_is_the_activity_id_not_the_conversation_tag(
    eras: dict[str, list[Record]],
) -> None:
    assert nth(eras, "2022", 3).source_key == f"{FEDI}109318569984000003/activity"


def test_the_link_is_the_status_url(eras: dict[str, list[Record]]) -> None:
    assert nth(eras, "2022", 1).link == "https://fedi.example/@ada/109305976193024001"


# --- Create: kinds and counterparts ------------------------------------------------------------


def test_a_status_that_replies_to_nobody_is_a_post(eras: dict[str, list[Record]]) -> None:
    assert (nth(eras, "2022", 1).kind, nth(eras, "2022", 1).contact) == ("post", None)


def test_a_reply_to_someone_else_is_a_comment_to_its_author(
    eras: dict[str, list[Record]],
) -> None:
    assert nth(eras, "2022", 3).contact == account("bob", "bob.example")


def test_a_reply_given_in_the_web_form_names_its_author(eras: dict[str, list[Record]]) -> None:
    eve = nth(eras, "2022", 8)  # inReplyTo https://eve.example/@eve/<id>
    assert (eve.kind, eve.contact) == (
        "comment",
        account("eve", "eve.example"),
    )


def test_a_reply_to_the_owners_own_status_continues_a_thread(
    eras: dict[str, list[Record]],
) -> None:
    threads = [nth(eras, "2022", 4), nth(eras, "2024", 5)]
    assert [(r.kind, r.contact) for r in threads] == [
        ("post", None),
        ("post", None),
    ]


def test_reply_target_keeps_the_address_its_mention_gives(eras: dict[str, list[Record]]) -> None:
    ivy = nth(eras, "2024", 3)  # server social.ivy.example, address @ivy@ivy.example
    assert ivy.contact == account("ivy", "ivy.example", server="social.ivy.example")


def test_other_mentions_are_contacts_and_the_reply_target_is_not_repeated(
    eras: dict[str, list[Record]],
) -> None:
    records = eras["2022"]
    last = max(i for i, r in enumerate(records) if isinstance(r, ActivityRecord))
    assert contacts(records[:last]) == [account("carol", "carol.example")]  # bob is the target


def test_a_local_mention_without_host_takes_the_actors_host(
    eras: dict[str, list[Record]],
) -> None:
    assert contacts(eras["2024"])[0] == account("henry", "toot.example")


def test_hashtags_are_not_contacts(eras: dict[str, list[Record]]) -> None:
    urls = {c.profile_url or "" for c in contacts(eras["2022"]) + contacts(eras["2024"])}
    assert not any("/tags/" in url for url in urls)


def test_a_self_mention_is_no_contact(eras: dict[str, list[Record]]) -> None:
    handles = {c.handle for c in contacts(eras["2024"])}
    assert "mastodon:@ada@toot.example" not in handles


# --- visibility ------------------------------------------------------------------------------


def test_unlisted_and_followers_only_statuses_are_still_published(
    eras: dict[str, list[Record]],
) -> None:
    assert [nth(eras, "2022", 7).kind, nth(eras, "2024", 6).kind, nth(eras, "2022", 8).kind] == [
        "post",
        "post",
        "comment",
    ]


def test_a_direct_status_is_a_message_to_its_first_mention(
    eras: dict[str, list[Record]],
) -> None:
    dm = nth(eras, "2024", 4)
    assert (dm.kind, dm.contact) == (
        "message_out",
        account("jack", "jack.example"),
    )


def test_the_other_people_of_a_group_message_are_contacts(
    eras: dict[str, list[Record]],
) -> None:
    assert account("kim", "kim.example") in contacts(eras["2024"])


def test_a_direct_status_to_nobody_is_a_note_to_self_and_is_skipped(
    eras: dict[str, list[Record]],
) -> None:
    notes = [n.message for n in eras["2024"] if isinstance(n, Note)]
    assert notes[0] == "skipped 1 direct statuses addressed to nobody (notes to self)"


# --- Announce ---------------------------------------------------------------------------------


def test_a_boost_is_a_share_of_the_uri_with_its_author(eras: dict[str, list[Record]]) -> None:
    boost = nth(eras, "2022", 5)
    assert (boost.kind, boost.link, boost.contact, boost.body) == (
        "share",
        "https://news.example/users/dan/statuses/109320000000000009",
        account("dan", "news.example"),
        None,
    )


def test_a_boost_of_the_owners_own_status_names_nobody(eras: dict[str, list[Record]]) -> None:
    assert (nth(eras, "2022", 10).kind, nth(eras, "2022", 10).contact) == ("share", None)


def test_a_boost_whose_uri_names_no_author_is_of_the_actor_it_is_addressed_to(
    eras: dict[str, list[Record]],
) -> None:
    # a Pleroma ``/objects/<uuid>``: Mastodon's Announce names the boosted author in ``cc``
    assert nth(eras, "2022", 12).contact == account("gil", "pleroma.example")


# --- content ---------------------------------------------------------------------------------


def test_html_content_becomes_text_with_line_breaks(eras: dict[str, list[Record]]) -> None:
    assert nth(eras, "2022", 2).body == "Our booth at the trade fair:\nhall 4, stand 12."


def test_a_long_link_cut_into_invisible_spans_is_whole_again(
    eras: dict[str, list[Record]],
) -> None:
    assert nth(eras, "2024", 1).body == (
        "New on the blog: https://acme.example/blog/2024/why-pipeline-reviews-matter\n\n#sales #crm"
    )


def test_html_entities_are_decoded(eras: dict[str, list[Record]]) -> None:
    assert nth(eras, "2022", 7).body == (
        "Quarter numbers\n\nWe closed 14 deals this quarter & lost 3."
    )


def test_a_content_warning_comes_first_even_without_text(eras: dict[str, list[Record]]) -> None:
    assert nth(eras, "2024", 10).body == "Pipeline chart"  # CW over an image, no text


def test_a_question_mark_makes_a_question(eras: dict[str, list[Record]]) -> None:
    assert [nth(eras, "2022", 3).is_question, nth(eras, "2022", 1).is_question] == [True, False]


def test_a_poll_always_asks_and_lists_its_choices(eras: dict[str, list[Record]]) -> None:
    poll = nth(eras, "2022", 6)  # "Which CRM does your team use", no question mark
    assert (poll.kind, poll.is_question, poll.body) == (
        "post",
        True,
        "Which CRM does your team use\n\n- HubSpot\n- Salesforce\n- Spreadsheets & hope",
    )


def test_a_multiple_choice_poll_lists_any_of(eras: dict[str, list[Record]]) -> None:
    assert (
        nth(eras, "2024", 8).body == "What slows your deals down?\n\n- Procurement\n- Legal review"
    )


def test_an_edited_status_keeps_its_first_published_time(
    eras: dict[str, list[Record]],
) -> None:
    edited = nth(eras, "2022", 11)  # updated 2022-11-18T14:02:19Z
    assert edited.occurred_at == datetime(2022, 11, 18, 13, 37, tzinfo=UTC)


def test_relative_attachment_urls_are_not_links(eras: dict[str, list[Record]]) -> None:
    assert nth(eras, "2024", 10).link == "https://toot.example/@ada/112088029593600010"


# --- likes.json, bookmarks.json, following_accounts.csv --------------------------------------


def test_undated_likes_are_a_note_and_their_authors_contacts(
    eras: dict[str, list[Record]],
) -> None:
    notes = [n.message for n in eras["2022"] if isinstance(n, Note)]
    assert notes == [
        "5 likes not imported as activities: the archive gives no date for a like; 2 liked "
        "authors kept as contacts (1 without a readable author, 1 of the owner's own statuses)"
    ]


def test_two_likes_of_one_author_give_one_contact(eras: dict[str, list[Record]]) -> None:
    bobs = [c for c in contacts(eras["2022"]) if c.handle == "mastodon:@bob@bob.example"]
    assert len(bobs) == 1


def test_a_liked_author_takes_the_address_a_mention_gave(eras: dict[str, list[Record]]) -> None:
    ivy = [c for c in contacts(eras["2024"]) if c.profile_url and "ivy" in c.profile_url]
    assert [c.handle for c in ivy] == ["mastodon:@ivy@ivy.example"]


def test_bookmarks_are_not_read(eras: dict[str, list[Record]]) -> None:
    files = {getattr(r, "file", "") for r in eras["2024"]}
    assert not any(f.endswith("bookmarks.json") for f in files)


def test_followed_accounts_are_contacts_by_handle_without_dates(
    eras: dict[str, list[Record]],
) -> None:
    followed = contacts(eras["2024"])[-4:]
    assert [(c.handle, c.profile_url) for c in followed] == [
        ("mastodon:@lena@lena.example", None),
        ("mastodon:@ivy@ivy.example", None),
        ("mastodon:@bob@bob.example", None),
        ("mastodon:@henry@toot.example", None),
    ]
    assert activities(eras["2024"], "connect") == []
