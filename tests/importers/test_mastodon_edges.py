"""Edge cases of Mastodon archives, inline: detection, malformed files, owner and addressing."""

from __future__ import annotations

import gc
import json
from datetime import UTC, datetime
from pathlib import Path
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
from ascent.errors import InputError
from ascent.importers.limits import Limits
from ascent.importers.mastodon import MASTODON
from ascent.importers.mastodon.content import html_text
from ascent.importers.source import Source

ADA = "https://fedi.example/users/ada"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
CONTEXT = ["https://www.w3.org/ns/activitystreams", {"toot": "http://joinmastodon.org/ns#"}]
FOLLOWING = b"Account address,Show boosts,Notify on new posts,Languages\n"


def note(n: int, **fields: Any) -> dict[str, Any]:
    """An outbox ``Create`` of a public Note by Ada; ``fields`` override the Note's keys."""
    uri = f"{ADA}/statuses/{n}"
    obj = {
        "id": uri,
        "type": "Note",
        "inReplyTo": None,
        "url": f"https://fedi.example/@ada/{n}",
        "to": [PUBLIC],
        "cc": [f"{ADA}/followers"],
        "content": f"<p>Status {n}</p>",
        "tag": [],
    }
    obj.update(fields)
    when = "2024-05-01T10:00:00Z"
    return {
        "id": f"{uri}/activity",
        "type": "Create",
        "actor": ADA,
        "published": when,
        "to": obj["to"],
        "cc": obj["cc"],
        "object": obj,
    }


def write(folder: Path, name: str, data: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else json.dumps(data).encode())
    return path


def outbox(items: list[Any]) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "id": "outbox.json",
        "type": "OrderedCollection",
        "totalItems": 1,
        "orderedItems": items,
    }


def actor(**fields: Any) -> dict[str, Any]:
    doc = {
        "@context": CONTEXT,
        "id": ADA,
        "type": "Person",
        "preferredUsername": "ada",
        "name": "Ada Example",
        "followers": f"{ADA}/followers",
        "outbox": "outbox.json",
    }
    doc.update(fields)
    return doc


def parse(path: Path) -> list[Record]:
    with Source.open(path) as source:
        return list(MASTODON.parse(source))


def detect(path: Path) -> bool:
    with Source.open(path) as source:
        return MASTODON.detect(source)


def archive(tmp_path: Path, items: list[Any], **actor_fields: Any) -> Path:
    folder = tmp_path / "archive"
    write(folder, "outbox.json", outbox(items))
    write(folder, "actor.json", actor(**actor_fields))
    return folder


def only(records: list[Record]) -> ActivityRecord:
    found = [r for r in records if isinstance(r, ActivityRecord)]
    assert len(found) == 1
    return found[0]


# --- detection -------------------------------------------------------------------------------


def test_detects_an_outbox_by_its_activitypub_bytes(tmp_path: Path) -> None:
    assert detect(write(tmp_path, "outbox.json", outbox([])))


def test_detects_an_archive_that_has_only_its_actor(tmp_path: Path) -> None:
    write(tmp_path / "a", "actor.json", actor())
    assert detect(tmp_path / "a")


def test_an_outbox_json_that_is_not_activitypub_is_not_claimed(tmp_path: Path) -> None:
    assert not detect(write(tmp_path, "outbox.json", {"messages": []}))


@pytest.mark.parametrize("name", ["following_accounts.csv", "follows (1).csv"])
def test_detects_a_following_export_by_its_header_under_any_name(tmp_path: Path, name: str) -> None:
    assert detect(write(tmp_path, name, FOLLOWING + b"bob@bob.example,true,false,\n"))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("muted_accounts.csv", b"Account address,Hide notifications\nbob@bob.example,true\n"),
        ("blocked_accounts.csv", b"bob@bob.example\n"),
        ("Connections.csv", b"First Name,Last Name,URL,Email Address,Connected On\n"),
        ("activities.csv", b"date,kind,channel\n2024-01-01,post,x\n"),
        ("tweets.js", b"window.YTD.tweets.part0 = []"),
        ("cal.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),
    ],
)
def test_does_not_claim_other_exports(tmp_path: Path, name: str, data: bytes) -> None:
    assert not detect(write(tmp_path, name, data))


# --- malformed files: one line naming the file -------------------------------------------------


def test_broken_outbox_json_names_the_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    write(folder, "outbox.json", b'{"@context":"x","orderedItems":[{"id":\n')
    with pytest.raises(InputError) as caught:
        parse(folder)
    assert (Path(caught.value.file).name, caught.value.line) == ("outbox.json", 2)
    assert "broken JSON" in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "document", [{"@context": "x", "type": "OrderedCollection", "totalItems": 3}, [1, 2]]
)
def test_an_outbox_without_ordered_items_is_refused(tmp_path: Path, document: object) -> None:
    write(tmp_path / "a", "outbox.json", document)
    with pytest.raises(InputError, match=r"outbox\.json: not an ActivityPub collection"):
        parse(tmp_path / "a")


def test_an_actor_without_id_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "a", "actor.json", {"@context": "x", "type": "Person"})
    with pytest.raises(InputError, match=r"actor\.json: not an ActivityPub actor"):
        parse(tmp_path / "a")


def test_broken_likes_json_is_refused_too(tmp_path: Path) -> None:
    folder = archive(tmp_path, [note(1)])
    write(folder, "likes.json", b'{"orderedItems": ["https://bob.example/users/bob/statuses/1"')
    with pytest.raises(InputError, match=r"likes\.json:1: broken JSON"):
        parse(folder)


def test_json_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "a", "outbox.json", b'{"orderedItems": ["\xff\xfe"]}')
    with pytest.raises(InputError, match=r"outbox\.json:1: not UTF-8 text \(byte 19\)"):
        parse(tmp_path / "a")


# --- bad items: rejected, the rest imports ------------------------------------------------------


def test_bad_items_are_rejected_by_position_and_the_rest_imports(tmp_path: Path) -> None:
    undated, garbled, anonymous = note(2), note(3), note(4)
    del undated["published"]
    garbled["published"] = "yesterday"
    del anonymous["id"]
    boost = {
        "id": f"{ADA}/statuses/5/activity",
        "type": "Announce",
        "actor": ADA,
        "published": "2024-05-01T10:00:00Z",
        "to": [PUBLIC],
    }
    records = parse(archive(tmp_path, [note(1), undated, garbled, anonymous, boost]))
    rejected = [(r.line, r.reason) for r in records if isinstance(r, Rejected)]
    assert rejected == [
        (2, f"no published date ({ADA}/statuses/2/activity)"),
        (3, f"unreadable published 'yesterday' ({ADA}/statuses/3/activity)"),
        (4, "item without an id"),
        (5, f"boost without the boosted status ({ADA}/statuses/5/activity)"),
    ]
    assert only(records).source_key == f"{ADA}/statuses/1/activity"


def test_items_that_are_no_status_or_boost_are_counted_in_a_note(tmp_path: Path) -> None:
    article = note(2, type="Article")
    records = parse(archive(tmp_path, [note(1), article, {"type": "Delete"}, "oops"]))
    notes = [n.message for n in records if isinstance(n, Note)]
    assert notes == [
        "skipped 1 items that are neither a status nor a boost (Create), "
        "1 items that are neither a status nor a boost (Delete), "
        "1 items that are neither a status nor a boost (no type)"
    ]


# --- owner -----------------------------------------------------------------------------------


def test_the_owner_without_a_display_name_is_the_username(tmp_path: Path) -> None:
    records = parse(archive(tmp_path, [note(1)], name=""))
    assert records[0] == OwnerRecord(name="ada", profile_url=ADA)


def test_an_archive_that_lost_actor_json_takes_the_owner_from_its_items(tmp_path: Path) -> None:
    reply = note(2, inReplyTo=f"{ADA}/statuses/1")
    write(tmp_path / "a", "outbox.json", outbox([note(1), reply]))
    records = parse(tmp_path / "a")
    assert records[0] == OwnerRecord(profile_url=ADA)
    assert [r.kind for r in records if isinstance(r, ActivityRecord)] == ["post", "post"]


def test_items_that_name_no_actor_without_actor_json_are_refused(tmp_path: Path) -> None:
    item = note(1)
    del item["actor"]
    write(tmp_path / "a", "outbox.json", outbox([item]))
    with pytest.raises(InputError, match=r"no actor\.json and no item names its actor"):
        parse(tmp_path / "a")


# --- times, content, addressing ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "utc"),
    [
        ("2024-05-01T10:00:00.123Z", datetime(2024, 5, 1, 10, 0, 0, 123000, tzinfo=UTC)),
        ("2024-05-01T12:00:00+02:00", datetime(2024, 5, 1, 10, 0, tzinfo=UTC)),
        ("2024-05-01T10:00:00", datetime(2024, 5, 1, 10, 0, tzinfo=UTC)),
    ],
)
def test_published_in_other_iso_forms_is_utc(tmp_path: Path, raw: str, utc: datetime) -> None:
    item = note(1)
    item["published"] = raw
    found = only(parse(archive(tmp_path, [item])))
    assert (found.occurred_at, found.raw_time) == (utc, raw)


def test_content_map_is_used_when_content_is_missing(tmp_path: Path) -> None:
    item = note(1, contentMap={"de": "<p>Wie geht&#39;s?</p>"})
    del item["object"]["content"]
    found = only(parse(archive(tmp_path, [item])))
    assert (found.body, found.is_question) == ("Wie geht's?", True)


def test_paragraphs_become_blank_lines() -> None:
    assert html_text("<p>One<br>two</p><p>three</p>\n<p></p>") == "One\ntwo\n\nthree"


def test_the_compact_public_address_is_public(tmp_path: Path) -> None:
    item = note(1, to=["as:Public"], cc=[])
    item["to"], item["cc"] = "as:Public", []  # one value instead of a list is allowed too
    assert only(parse(archive(tmp_path, [item]))).kind == "post"


def test_a_direct_status_without_mention_tags_goes_to_its_addressee(tmp_path: Path) -> None:
    item = note(1, to=["https://bob.example/users/bob"], cc=[])
    found = only(parse(archive(tmp_path, [item])))
    assert (found.kind, found.contact) == (
        "message_out",
        ContactRef(profile_url="https://bob.example/users/bob", handle="mastodon:@bob@bob.example"),
    )


def test_a_direct_reply_is_a_message_not_a_comment(tmp_path: Path) -> None:
    bob = {"type": "Mention", "href": "https://bob.example/users/bob", "name": "@bob@bob.example"}
    item = note(
        1, to=[bob["href"]], cc=[], tag=[bob], inReplyTo="https://bob.example/users/bob/statuses/9"
    )
    assert only(parse(archive(tmp_path, [item]))).kind == "message_out"


def test_a_reply_whose_uri_names_no_author_is_a_comment_to_nobody(tmp_path: Path) -> None:
    item = note(1, inReplyTo="https://misskey.example/notes/9abc")
    found = only(parse(archive(tmp_path, [item])))
    assert (found.kind, found.contact) == ("comment", None)


def test_the_followers_collection_named_by_actor_json_makes_followers_only(tmp_path: Path) -> None:
    item = note(1, to=["https://fedi.example/ada/fans"], cc=[])
    folder = archive(tmp_path, [item], followers="https://fedi.example/ada/fans")
    assert only(parse(folder)).kind == "post"  # not a direct message to the collection


# --- following_accounts.csv ----------------------------------------------------------------------


def test_following_alone_has_no_owner_and_rejects_bad_addresses(tmp_path: Path) -> None:
    csv = (
        FOLLOWING
        + b"bob@bob.example,true,false,\nnot-an-address,true,false,\n"
        + b"\n@Cy@Cy.Example,true,true,en\n"
    )
    records = parse(write(tmp_path, "following_accounts.csv", csv))
    assert [type(r).__name__ for r in records] == [
        "ContactRecord",
        "Rejected",
        "ContactRecord",
        "Note",
    ]
    assert [r.contact.handle for r in records if isinstance(r, ContactRecord)] == [
        "mastodon:@bob@bob.example",
        "mastodon:@cy@cy.example",
    ]
    assert [(r.line, r.reason) for r in records if isinstance(r, Rejected)] == [
        (3, "not an account address 'not-an-address'")
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"Account address,Show boosts\nbob@bob.example,true\n",  # Mastodon 3.x
        b"\xef\xbb\xbfAccount address;Show boosts;Notify on new posts;Languages\r\n"
        b"bob@bob.example;true;false;\r\n",  # re-saved in a European Excel
    ],
)
def test_following_in_older_and_excel_shapes(tmp_path: Path, data: bytes) -> None:
    records = parse(write(tmp_path, "following_accounts.csv", data))
    assert records[0] == ContactRecord(ContactRef(handle="mastodon:@bob@bob.example"))


def test_an_outbox_refused_while_it_is_copied_leaves_no_open_spool(tmp_path: Path) -> None:
    """The outbox is copied to a spool file before it is read: a refusal during the copy
    (here the member cap) must close it, or the warning of an unclosed file follows."""
    actor = {"id": "https://example.social/users/ada", "type": "Person"}
    (tmp_path / "actor.json").write_text(json.dumps({**actor, "preferredUsername": "ada"}))
    items = [{"type": "Create", "object": {"type": "Note"}}] * 2000
    outbox = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "type": "OrderedCollection",
        "orderedItems": items,
    }
    (tmp_path / "outbox.json").write_text(json.dumps(outbox))
    with (
        Source.open(tmp_path, Limits(member_bytes=10_000)) as source,
        pytest.raises(InputError, match=r"outbox\.json: member too large"),
    ):
        list(MASTODON.parse(source))
    gc.collect()  # an unclosed spool would warn here, and warnings are errors
