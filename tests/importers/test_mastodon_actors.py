"""The author of a status URL on any ActivityPub server: the archive's knowledge first.

Each case is a reply (``inReplyTo``) or a boost (``Announce.object``) in an inline outbox,
with the mention tags and ``cc`` Mastodon writes, and the exact contact it must get.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ascent.domain.records import ActivityRecord, ContactRef, Record
from ascent.errors import InputError
from ascent.importers.mastodon import MASTODON
from ascent.importers.source import Source

ADA = "https://fedi.example/users/ada"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def mention(href: str, name: str) -> dict[str, str]:
    return {"type": "Mention", "href": href, "name": name}


def reply(n: int, in_reply_to: Any, tags: list[Any], cc: list[str] | None = None) -> Any:
    uri = f"{ADA}/statuses/{n}"
    cc = [f"{ADA}/followers", *(cc or [])]
    note = {
        "id": uri,
        "type": "Note",
        "inReplyTo": in_reply_to,
        "to": [PUBLIC],
        "cc": cc,
        "content": "<p>Re</p>",
        "tag": tags,
        "attributedTo": ADA,
    }
    when = "2024-05-01T10:00:00Z"
    return {
        "id": f"{uri}/activity",
        "type": "Create",
        "actor": ADA,
        "published": when,
        "to": [PUBLIC],
        "cc": cc,
        "object": note,
    }


def boost(n: int, uri: str, cc: list[str]) -> Any:
    return {
        "id": f"{ADA}/statuses/{n}/activity",
        "type": "Announce",
        "actor": ADA,
        "published": "2024-05-02T10:00:00Z",
        "to": [PUBLIC],
        "cc": [*cc, f"{ADA}/followers"],
        "object": uri,
    }


def parse(tmp_path: Path, items: list[Any], raw: bytes | None = None) -> list[Record]:
    actor = {
        "id": ADA,
        "type": "Person",
        "preferredUsername": "ada",
        "followers": f"{ADA}/followers",
    }
    outbox = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "type": "OrderedCollection",
        "orderedItems": items,
    }
    (tmp_path / "actor.json").write_text(json.dumps(actor))
    (tmp_path / "outbox.json").write_bytes(raw if raw is not None else json.dumps(outbox).encode())
    with Source.open(tmp_path) as source:
        return list(MASTODON.parse(source))


def contacts_of(records: list[Record]) -> list[ContactRef | None]:
    return [r.contact for r in records if isinstance(r, ActivityRecord)]


def ref(url: str | None, handle: str | None) -> ContactRef:
    return ContactRef(profile_url=url, handle=handle)


NIA = ref("https://new.example/ap/users/1234", "mastodon:@nia@new.example")
NIA_TAG = mention("https://new.example/ap/users/1234", "@nia@new.example")
MIKA = ref("https://mk.example/users/9k2lmno3p", "mastodon:@mika@mk.example")
MIKA_TAG = mention("https://mk.example/users/9k2lmno3p", "@mika@mk.example")


def test_newer_mastodon_ap_users_urls_take_the_actor_a_later_mention_names(
    tmp_path: Path,
) -> None:
    items = [
        reply(1, "https://new.example/ap/users/1234/statuses/5", []),  # before the mention
        boost(2, "https://new.example/ap/users/1234/statuses/6", []),
        reply(3, None, [NIA_TAG]),
    ]
    assert contacts_of(parse(tmp_path, items)) == [NIA, NIA, None]


def test_an_ap_users_url_never_mentioned_keeps_its_actor_url_without_a_made_up_handle(
    tmp_path: Path,
) -> None:
    items = [reply(1, "https://new.example/ap/users/1234/statuses/5", [])]
    assert contacts_of(parse(tmp_path, items)) == [ref("https://new.example/ap/users/1234", None)]


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        # Misskey /notes/<id>: the reply's only mention; a boost's cc names the actor
        (reply(1, "https://mk.example/notes/9k2m0001", [MIKA_TAG]), MIKA),
        (
            boost(1, "https://mk.example/notes/9k2m0002", ["https://mk.example/users/9k2lmno3p"]),
            ref("https://mk.example/users/9k2lmno3p", "mastodon:@9k2lmno3p@mk.example"),
        ),
        # Pleroma / Akkoma /objects/<uuid>
        (
            reply(
                1,
                "https://pl.example/objects/0e1f2a3b",
                [mention("https://pl.example/users/pat", "@pat@pl.example")],
            ),
            ref("https://pl.example/users/pat", "mastodon:@pat@pl.example"),
        ),
        # GoToSocial, never mentioned: the URL's shape
        (
            reply(1, "https://gts.example/users/gus/statuses/01HXYZ", []),
            ref("https://gts.example/users/gus", "mastodon:@gus@gts.example"),
        ),
        (
            reply(1, "https://gts.example/@gus/statuses/01HXYZ", []),
            ref("https://gts.example/users/gus", "mastodon:@gus@gts.example"),
        ),
        # Pixelfed /p/<name>/<id>
        (
            boost(1, "https://pix.example/p/pia/7001", []),
            ref("https://pix.example/users/pia", "mastodon:@pia@pix.example"),
        ),
        # Lemmy /comment/<id>, actor /u/<name>
        (
            reply(
                1,
                "https://lemmy.example/comment/42",
                [mention("https://lemmy.example/u/lee", "@lee@lemmy.example")],
            ),
            ref("https://lemmy.example/u/lee", "mastodon:@lee@lemmy.example"),
        ),
        # PeerTube /videos/watch/<uuid>, actor /accounts/<name>, named in the boost's cc
        (
            boost(
                1, "https://tube.example/videos/watch/6f7a", ["https://tube.example/accounts/pete"]
            ),
            ref("https://tube.example/accounts/pete", "mastodon:@pete@tube.example"),
        ),
        # WordPress permalink, actor /author/<name>/
        (
            reply(
                1,
                "https://blog.example/2024/05/hello/",
                [mention("https://blog.example/author/wendy/", "@wendy@blog.example")],
            ),
            ref("https://blog.example/author/wendy", "mastodon:@wendy@blog.example"),
        ),
        # BookWyrm /user/<name>/review/<id>
        (
            reply(1, "https://books.example/user/bea/review/7", []),
            ref("https://books.example/user/bea", "mastodon:@bea@books.example"),
        ),
        # a remote status in one's own server's web form: an address, no actor URL
        (
            reply(1, "https://fedi.example/@rob@remote.example/1234", []),
            ref(None, "mastodon:@rob@remote.example"),
        ),
        # a reply that mentions two accounts under a URL naming nobody: no guess
        (
            reply(
                1,
                "https://pl.example/objects/77",
                [mention("https://pl.example/users/pat", "@pat@pl.example"), MIKA_TAG],
            ),
            None,
        ),
    ],
)
def test_every_server_form_resolves_to_its_exact_contact(
    tmp_path: Path, item: Any, expected: ContactRef | None
) -> None:
    assert contacts_of(parse(tmp_path, [item])) == [expected]


def test_an_embedded_object_replied_to_names_its_author(tmp_path: Path) -> None:
    target = {"id": "https://pl.example/objects/9", "attributedTo": "https://pl.example/users/pat"}
    item = reply(1, target, [mention("https://pl.example/users/pat", "@pat@pl.example")])
    assert contacts_of(parse(tmp_path, [item])) == [
        ref("https://pl.example/users/pat", "mastodon:@pat@pl.example")
    ]


# --- hostile JSON (one line, never a traceback) ----------------------------------------------


def test_an_outbox_nested_thousands_deep_is_one_line(tmp_path: Path) -> None:
    raw = b'{"type": "OrderedCollection", "orderedItems": [' + b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(InputError) as caught:
        parse(tmp_path, [], raw + b"]}")
    assert (caught.value.line, caught.value.reason) == (1, "JSON nested too deep to read")


def test_an_outbox_number_of_100000_digits_is_one_line(tmp_path: Path) -> None:
    raw = b'{"orderedItems": [\n' + b"7" * 100_000 + b"]}"
    with pytest.raises(InputError) as caught:
        parse(tmp_path, [], raw)
    assert caught.value.line == 2
    assert caught.value.reason.startswith("a JSON number too long to read")


def test_an_actor_nested_thousands_deep_is_one_line(tmp_path: Path) -> None:
    parse(tmp_path, [])
    (tmp_path / "actor.json").write_bytes(b'{"id": ' + b"[" * 50_000 + b"]" * 50_000 + b"}")
    with Source.open(tmp_path) as source, pytest.raises(InputError, match="nested too deep"):
        list(MASTODON.parse(source))
