"""Every Bluesky quirk of FORMATS §4, one assertion each, on the fixtures or on tiny inline
repositories written with the fixture generator."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ascent.domain.records import (
    ActivityRecord,
    ContactRecord,
    ContactRef,
    Note,
    OwnerRecord,
    Record,
    Rejected,
)
from ascent.importers.bluesky import BLUESKY
from ascent.importers.source import Source

FIXTURES = Path(__file__).parents[1] / "fixtures" / "bluesky"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bluesky_fixtures", FIXTURES / "make_fixtures.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _generator()
ADA = GEN.did_plc("adaexample")
BEA = GEN.did_plc("beasample")
CYD = GEN.did_plc("cydsample")
BEN = GEN.did_plc("benexample")
EVE = GEN.did_plc("eve")


def parse(path: Path) -> list[Record]:
    with Source.open(path) as source:
        return list(BLUESKY.parse(source))


def inline(tmp_path: Path, records: list[tuple[str, str, dict[str, Any]]]) -> list[Record]:
    car = tmp_path / "repo.car"
    car.write_bytes(GEN.repo_car(ADA, records, GEN.tid(datetime(2024, 5, 1, tzinfo=UTC))))
    return parse(car)


def activity(records: list[Record], rkey_at: str, collection: str = "feed.post") -> ActivityRecord:
    key = f"at://{{}}/app.bsky.{collection}/{GEN.tid(GEN.at(rkey_at))}"
    found = [
        r
        for r in records
        if isinstance(r, ActivityRecord) and r.source_key in (key.format(ADA), key.format(BEN))
    ]
    assert len(found) == 1, key
    return found[0]


def contacts(records: list[Record]) -> list[ContactRef]:
    return [r.contact for r in records if isinstance(r, ContactRecord)]


@pytest.fixture(scope="module")
def y2023() -> list[Record]:
    return parse(FIXTURES / "2023" / "repo.car")


@pytest.fixture(scope="module")
def y2024() -> list[Record]:
    return parse(FIXTURES / "2024" / "repo.car")


# --- times ---------------------------------------------------------------------------------


def test_millisecond_createdat_2023(y2023: list[Record]) -> None:
    post = activity(y2023, "2023-03-01T09:15:02.123Z")
    assert (post.occurred_at, post.raw_time) == (
        datetime(2023, 3, 1, 9, 15, 2, 123000, tzinfo=UTC),
        "2023-03-01T09:15:02.123Z",
    )


def test_microsecond_createdat(y2023: list[Record]) -> None:
    post = activity(y2023, "2023-08-07T05:31:12.156888Z")
    assert post.occurred_at == datetime(2023, 8, 7, 5, 31, 12, 156888, tzinfo=UTC)


def test_createdat_without_fraction_and_with_plus_zero_offset(y2023: list[Record]) -> None:
    post = activity(y2023, "2023-05-02T07:00:00+00:00")
    assert (post.occurred_at, post.raw_time) == (
        datetime(2023, 5, 2, 7, 0, tzinfo=UTC),
        "2023-05-02T07:00:00+00:00",
    )


def test_createdat_with_an_offset_is_converted_to_utc(y2024: list[Record]) -> None:
    post = activity(y2024, "2024-03-09T12:45:10Z")
    assert (post.occurred_at, post.raw_time) == (
        datetime(2024, 3, 9, 12, 45, 10, tzinfo=UTC),
        "2024-03-09T07:45:10-05:00",
    )


def test_missing_createdat_falls_back_on_the_tid(y2024: list[Record]) -> None:
    post = activity(y2024, "2024-03-11T08:00:00Z")
    rkey = GEN.tid(GEN.at("2024-03-11T08:00:00Z"))
    assert (post.occurred_at, post.raw_time) == (
        datetime(2024, 3, 11, 8, 0, tzinfo=UTC),
        f"tid:{rkey}",
    )


def test_createdat_far_after_its_tid_is_dated_by_the_tid(y2024: list[Record]) -> None:
    post = activity(y2024, "2024-03-12T08:00:00Z")
    assert post.occurred_at == datetime(2024, 3, 12, 8, 0, tzinfo=UTC)
    assert post.raw_time.startswith("tid:")


def test_nanoseconds_zoneless_and_lowercase_createdat(tmp_path: Path) -> None:
    minted = "2024-03-01T09:30:00Z"
    records = inline(
        tmp_path,
        [
            GEN.timed(
                "feed.post",
                "2024-03-01T09:30:00.123456789Z",
                GEN.typed("feed.post", text="a"),
                key_at=minted,
            ),
            GEN.timed(
                "feed.post",
                "2024-03-02T09:30:00",
                GEN.typed("feed.post", text="b"),
                key_at="2024-03-02T09:30:00Z",
            ),
            GEN.timed(
                "feed.post",
                "2024-03-03t09:30:00z",
                GEN.typed("feed.post", text="c"),
                key_at="2024-03-03T09:30:00Z",
            ),
        ],
    )
    assert activity(records, minted).occurred_at.microsecond == 123456
    assert activity(records, "2024-03-02T09:30:00Z").raw_time.startswith("tid:")
    assert activity(records, "2024-03-03T09:30:00Z").raw_time == "2024-03-03t09:30:00z"


def test_a_record_with_neither_createdat_nor_tid_is_rejected(tmp_path: Path) -> None:
    records = inline(
        tmp_path,
        [
            (
                "app.bsky.feed.post",
                "imported-1",
                GEN.typed("feed.post", text="x", createdAt="yesterday"),
            )
        ],
    )
    assert [r for r in records if isinstance(r, Rejected)] == [
        Rejected(
            str(tmp_path / "repo.car"),
            1,
            f"at://{ADA}/app.bsky.feed.post/imported-1: no date "
            "(no readable createdAt and the record key is not a TID)",
        )
    ]


# --- posts, replies, mentions, quotes ------------------------------------------------------


def test_deprecated_2023_entities_mention_becomes_a_contact(y2023: list[Record]) -> None:
    assert contacts(y2023) == [ContactRef(uid=BEA), ContactRef(uid=GEN.did_plc("gilsample"))]


def test_2022_follow_subject_did_and_declarationcid(y2023: list[Record]) -> None:
    follow = activity(y2023, "2022-11-17T15:04:05.123Z", "graph.follow")
    assert (follow.kind, follow.contact) == ("connect", ContactRef(uid=BEA))


def test_reply_to_own_post_is_a_thread_post(y2024: list[Record]) -> None:
    reply = activity(y2024, "2024-03-04T08:01:30.250Z")
    assert (reply.kind, reply.contact) == ("post", None)


def test_reply_to_another_account_is_a_comment_on_their_post(y2024: list[Record]) -> None:
    reply = activity(y2024, "2024-03-06T11:00:00Z")
    assert (reply.kind, reply.contact) == ("comment", ContactRef(uid=CYD))


def test_reply_to_own_reply_under_someone_elses_post_engages_the_root(
    y2024: list[Record],
) -> None:
    reply = activity(y2024, "2024-03-07T12:05:00.000Z")
    assert (reply.kind, reply.contact, reply.is_question) == ("comment", ContactRef(uid=BEA), True)


def test_mentions_skip_the_owner_and_the_reply_target(y2024: list[Record]) -> None:
    at = y2024.index(activity(y2024, "2024-03-06T11:00:00Z"))
    assert y2024[at + 1] == ContactRecord(ContactRef(uid="did:web:dan.example"))
    assert not isinstance(y2024[at + 2], ContactRecord)


def test_facet_mention_becomes_a_contact_and_the_text_the_body(y2024: list[Record]) -> None:
    post = activity(y2024, "2024-03-01T09:30:00.000Z")
    assert (post.kind, post.is_question) == ("post", True)
    assert post.body == "Who is going to the #salesops summit? Ping @bea.example 👋"
    assert y2024[y2024.index(post) + 1] == ContactRecord(ContactRef(uid=BEA))


def test_quote_post_is_a_post_and_the_quoted_author_a_contact(y2024: list[Record]) -> None:
    quote = activity(y2024, "2024-03-08T16:20:00+00:00")
    assert (quote.kind, quote.contact) == ("post", None)
    assert y2024[y2024.index(quote) + 1] == ContactRecord(ContactRef(uid=EVE))


def test_record_with_media_quote_is_a_post(y2024: list[Record]) -> None:
    quote = activity(y2024, "2024-03-09T12:45:10Z")
    assert (quote.kind, quote.body) == ("post", "Same here")
    assert not isinstance(y2024[y2024.index(quote) + 1], ContactRecord)  # Bea already known


def test_image_only_post_has_no_body_and_its_blob_need_not_be_in_the_car(
    y2024: list[Record],
) -> None:
    post = activity(y2024, "2024-03-10T10:00:00Z")
    assert (post.kind, post.body, post.is_question) == ("post", None, False)


# --- likes, reposts, follows ---------------------------------------------------------------


def test_like_reacts_to_the_subject_author_and_links_the_subject(y2024: list[Record]) -> None:
    like = activity(y2024, "2024-03-05T10:30:00.000Z", "feed.like")
    bea_post = GEN.post_uri(BEA, "2024-03-05T10:00:00Z")
    assert (like.kind, like.contact, like.link) == ("reaction", ContactRef(uid=BEA), bea_post)


def test_like_of_own_post_has_no_counterpart(y2024: list[Record]) -> None:
    like = activity(y2024, "2024-03-06T09:10:05.000Z", "feed.like")
    assert (like.kind, like.contact) == ("reaction", None)


def test_like_without_a_subject_is_rejected(y2024: list[Record]) -> None:
    rkey = GEN.tid(GEN.at("2024-03-06T09:11:00.000Z"))
    assert [r for r in y2024 if isinstance(r, Rejected)] == [
        Rejected(
            str(FIXTURES / "2024" / "repo.car"),
            5,
            f"at://{ADA}/app.bsky.feed.like/{rkey}: like without a readable subject",
        )
    ]


def test_repost_is_a_share_of_the_subject_author(y2024: list[Record]) -> None:
    repost = activity(y2024, "2024-03-06T09:12:00.000Z", "feed.repost")
    assert (repost.kind, repost.contact) == ("share", ContactRef(uid=CYD))


def test_follow_of_a_did_web_links_the_follow_record(y2024: list[Record]) -> None:
    follow = activity(y2024, "2024-02-02T14:00:00.000Z", "graph.follow")
    assert (follow.contact, follow.link) == (
        ContactRef(uid="did:web:dan.example"),
        follow.source_key,
    )


def test_a_subject_named_by_handle_becomes_a_bluesky_handle(tmp_path: Path) -> None:
    subject = {"uri": "at://Erin.Example/app.bsky.feed.post/3kmms4lghk22b", "cid": b"\x00"}
    records = inline(
        tmp_path,
        [GEN.timed("feed.like", "2024-03-01T09:30:00Z", GEN.typed("feed.like", subject=subject))],
    )
    assert activity(records, "2024-03-01T09:30:00Z", "feed.like").contact == ContactRef(
        handle="bluesky:@erin.example"
    )


# --- owner and what is left out ------------------------------------------------------------


def test_owner_is_the_commit_did_named_by_the_profile(y2024: list[Record]) -> None:
    assert y2024[0] == OwnerRecord(
        name="Ada Example", profile_url=f"https://bsky.app/profile/{ADA}"
    )


def test_owner_without_a_display_name_has_no_name(tmp_path: Path) -> None:
    records = inline(
        tmp_path, [("app.bsky.actor.profile", "self", GEN.typed("actor.profile", displayName="  "))]
    )
    assert records == [OwnerRecord(profile_url=f"https://bsky.app/profile/{ADA}")]


def test_gates_lists_blocks_and_starter_packs_are_counted_in_one_note(
    y2024: list[Record],
) -> None:
    left_out = [n.message for n in y2024 if isinstance(n, Note) and "left out" in n.message]
    assert left_out == [
        "left out records that are not activities: 1 app.bsky.feed.postgate, "
        "1 app.bsky.feed.threadgate, 1 app.bsky.graph.block, 1 app.bsky.graph.list, "
        "1 app.bsky.graph.listitem, 1 app.bsky.graph.starterpack, "
        "1 chat.bsky.actor.declaration"
    ]


def test_a_record_block_that_is_not_a_map_is_rejected(tmp_path: Path) -> None:
    records = inline(tmp_path, [("app.bsky.feed.like", "3kmms4lghk22b", ["not", "a", "map"])])
    assert [r for r in records if isinstance(r, Rejected)] == [
        Rejected(
            str(tmp_path / "repo.car"),
            1,
            f"at://{ADA}/app.bsky.feed.like/3kmms4lghk22b: not a record (a list)",
        )
    ]
