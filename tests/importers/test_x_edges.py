"""Edge cases of X archives, inline: broken wrappers, odd layouts, owners that must be inferred."""

from __future__ import annotations

import json
import shutil
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
from ascent.importers.source import Source
from ascent.importers.x import X_ARCHIVE

FIXTURES = Path(__file__).parents[1] / "fixtures" / "x"
ADA = "1021512369"
ACCOUNT = {
    "account": {"username": "ada_example", "accountId": ADA, "accountDisplayName": "Ada Example"}
}


def parse(path: Path) -> list[Record]:
    with Source.open(path) as source:
        return list(X_ARCHIVE.parse(source))


def ytd(name: str, items: list[Any]) -> str:
    return f"window.YTD.{name}.part0 = " + json.dumps(items, indent=2, ensure_ascii=False)


def archive(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def a_tweet(tweet_id: str, text: str = "Hello", **extra: Any) -> dict[str, Any]:
    return {
        "id_str": tweet_id,
        "id": tweet_id,
        "created_at": "Wed Oct 10 20:19:24 +0000 2018",
        "full_text": text,
        "entities": {"user_mentions": [], "urls": []},
        **extra,
    }


def keys(records: list[Record]) -> list[str]:
    return [r.source_key for r in records if isinstance(r, ActivityRecord)]


def copy_era(era: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURES / era, tmp_path / era))


# --- the wrapper (FORMATS §2.2) ---------------------------------------------------------------


def test_a_file_without_the_ytd_wrapper_is_one_error_naming_it(tmp_path: Path) -> None:
    root = copy_era("2023", tmp_path)
    part = root / "data" / "tweets-part1.js"
    part.write_text(part.read_text(encoding="utf-8").split(" = ", 1)[1], encoding="utf-8")
    with pytest.raises(InputError) as caught:
        parse(root)
    assert str(caught.value) == (
        f"{part}: not an X archive data file (expected `window.YTD.tweets.part1 = [ … ]`)"
    )


def test_an_assignment_to_something_else_is_not_the_wrapper(tmp_path: Path) -> None:
    root = archive(tmp_path, {"tweets.js": "var tweets = [ ]"})
    with pytest.raises(InputError, match=r"tweets\.js: not an X archive data file"):
        parse(root)


def test_broken_json_is_one_error_with_its_line(tmp_path: Path) -> None:
    text = 'window.YTD.tweets.part0 = [\n  {\n    "tweet" : {\n      "full_text" : "oops'
    root = archive(tmp_path, {"data/tweets.js": text})
    with pytest.raises(InputError) as caught:
        parse(root)
    assert str(caught.value) == (
        f"{root / 'data/tweets.js'}:4: broken JSON (Unterminated string starting at)"
    )


def test_a_file_cut_between_elements_is_truncated(tmp_path: Path) -> None:
    text = 'window.YTD.like.part0 = [\n  {\n    "like" : { }\n  },\n  {\n    "like" : { }\n  }\n'
    root = archive(tmp_path, {"account.js": ytd("account", [ACCOUNT]), "like.js": text})
    with pytest.raises(InputError) as caught:
        parse(root)
    assert (caught.value.line, caught.value.reason) == (
        8,
        "broken JSON (the array is not closed: truncated?)",
    )


def test_text_after_the_array_is_an_error(tmp_path: Path) -> None:
    root = archive(tmp_path, {"tweets.js": ytd("tweets", []) + "\nwindow.YTD.x = 1;"})
    with pytest.raises(InputError, match=r"tweets\.js:2: unexpected text after the data"):
        parse(root)


def test_a_trailing_semicolon_a_bom_and_a_final_newline_are_accepted(tmp_path: Path) -> None:
    text = "\ufeff" + ytd("tweets", [{"tweet": a_tweet("7")}]) + ";\n"
    assert keys(parse(archive(tmp_path, {"tweets.js": text}))) == ["tweet:7"]


def test_a_file_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "tweets.js").write_bytes(b'window.YTD.tweets.part0 = [ "\xe9" ]')
    with pytest.raises(InputError, match=r"tweets\.js:1: not UTF-8 text \(byte 29\)"):
        parse(tmp_path)


def test_a_broken_manifest_is_an_error_naming_it(tmp_path: Path) -> None:
    root = archive(tmp_path, {"data/manifest.js": 'window.__THAR_CONFIG = {\n  "userInfo" : '})
    with pytest.raises(InputError, match=r"manifest\.js:2: broken JSON"):
        parse(root)


def test_either_file_name_takes_either_element_shape(tmp_path: Path) -> None:
    root = archive(
        tmp_path,
        {
            "a/tweets.js": ytd("tweets", [a_tweet("1")]),  # bare, in the new name
            "b/tweet.js": ytd("tweet", [{"tweet": a_tweet("2")}]),  # wrapped, in the old name
        },
    )
    assert sorted(keys(parse(root))) == ["tweet:1", "tweet:2"]


# --- layout (FORMATS §2.1) ---------------------------------------------------------------------


def test_without_a_manifest_parts_are_found_and_read_in_part_order(tmp_path: Path) -> None:
    root = archive(
        tmp_path,
        {
            "data/tweets-part10.js": ytd("tweets", [{"tweet": a_tweet("10")}]),
            "data/tweets-part2.js": ytd("tweets", [{"tweet": a_tweet("2")}]),
            "data/tweets.js": ytd("tweets", [{"tweet": a_tweet("0")}]),
            "data/tweet-headers.js": ytd("tweet_headers", [{"tweet": {"tweet_id": "0"}}]),
        },
    )
    assert keys(parse(root)) == ["tweet:0", "tweet:2", "tweet:10"]


def test_a_part_the_manifest_lists_but_the_zip_lacks_is_a_note(tmp_path: Path) -> None:
    root = copy_era("2023", tmp_path)
    (root / "data" / "tweets-part1.js").unlink()
    records = parse(root)
    assert (
        Note(
            str(root / "data/manifest.js"),
            "lists data/tweets-part1.js (7 items) but the archive does not contain it: "
            "a partial download?",
        )
        in records
    )
    assert len([k for k in keys(records) if k.startswith("tweet:")]) == 2  # edit + community


def test_the_data_folder_zipped_alone_still_follows_its_manifest(tmp_path: Path) -> None:
    data = Path(shutil.copytree(FIXTURES / "2023" / "data", tmp_path / "data-only"))
    assert len(keys(parse(data))) == len(keys(parse(FIXTURES / "2023")))


# --- owner (FORMATS §2.4) ----------------------------------------------------------------------


def test_without_account_js_the_manifest_names_the_owner(tmp_path: Path) -> None:
    root = copy_era("2023", tmp_path)
    (root / "data" / "account.js").unlink()
    records = parse(root)
    assert records[0] == OwnerRecord(name="Ada Example", profile_url="https://x.com/ada_example")
    assert len(keys(records)) == len(keys(parse(FIXTURES / "2023")))


def test_an_owner_only_in_the_dms_is_the_id_every_conversation_shares(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "2019" / "direct-message.js", tmp_path)
    records = parse(tmp_path)
    assert not any(isinstance(r, OwnerRecord) for r in records)
    kinds = [r.kind for r in records if isinstance(r, ActivityRecord)]
    assert kinds == ["message_out", "message_in", "message_in"]


def test_dms_of_an_unknown_owner_are_a_note_not_a_guess(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "2022" / "data" / "direct-messages.js", tmp_path)
    records = parse(tmp_path)
    assert records == [
        Note(
            str(tmp_path / "direct-messages.js"),
            "2 direct messages not imported: the archive does not say whose it is "
            "(no account.js or manifest.js)",
        )
    ]


# --- tweets (FORMATS §2.3) ---------------------------------------------------------------------


def test_an_unreadable_created_at_rejects_that_tweet_only(tmp_path: Path) -> None:
    bad = a_tweet("2", created_at="yesterday")
    root = archive(
        tmp_path, {"tweets.js": ytd("tweets", [{"tweet": a_tweet("1")}, {"tweet": bad}])}
    )
    records = parse(root)
    assert keys(records) == ["tweet:1"]
    assert [r for r in records if isinstance(r, Rejected)] == [
        Rejected(str(root / "tweets.js"), 14, "unreadable created_at 'yesterday'")
    ]


def test_a_created_at_its_offset_moves_before_year_1_rejects_that_tweet(tmp_path: Path) -> None:
    """Python's ``datetime`` holds years 1-9999: the offset of 00:30 on 1 January of year 1
    at +0100 moves it outside, which is a rejected row, not a traceback."""
    bad = a_tweet("2", created_at="Mon Jan 01 00:30:00 +0100 0001")
    root = archive(
        tmp_path, {"tweets.js": ytd("tweets", [{"tweet": a_tweet("1")}, {"tweet": bad}])}
    )
    records = parse(root)
    assert keys(records) == ["tweet:1"]
    reason = "unreadable created_at 'Mon Jan 01 00:30:00 +0100 0001'"
    assert [r for r in records if isinstance(r, Rejected)] == [
        Rejected(str(root / "tweets.js"), 14, reason)
    ]


def test_float_notation_id_of_2018_archives_is_ignored_for_id_str(tmp_path: Path) -> None:
    old = a_tweet("1014565372182196224", id="1.01456537218219622E18", favorite_count="0.0")
    assert keys(parse(archive(tmp_path, {"tweet.js": ytd("tweet", [old])}))) == [
        "tweet:1014565372182196224"
    ]


@pytest.mark.parametrize("bad_id", ["²", "١٢٣", "12²", "1" * 5000])
def test_an_id_str_of_non_ascii_digits_rejects_that_tweet_with_its_line(
    tmp_path: Path, bad_id: str
) -> None:
    root = copy_era("2019", tmp_path)
    text = (root / "tweet.js").read_text(encoding="utf-8")
    bad = text.replace('"id_str" : "1126049397470265071"', f'"id_str" : "{bad_id}"', 1)
    (root / "tweet.js").write_text(bad, encoding="utf-8")
    records = parse(root)
    assert "tweet:1126049397470265071" not in keys(records)
    assert len(keys(records)) == len(keys(parse(FIXTURES / "2019"))) - 1
    assert [r for r in records if isinstance(r, Rejected)] == [
        Rejected(str(root / "tweet.js"), 1, "tweet without a numeric id_str")
    ]


def test_an_initial_tweet_id_of_non_ascii_digits_falls_back_to_the_tweets_own(
    tmp_path: Path,
) -> None:
    edit = {"edit": {"initialTweetId": "²", "editControlInitial": {}}}
    root = archive(
        tmp_path, {"tweets.js": ytd("tweets", [{"tweet": a_tweet("4", edit_info=edit)}])}
    )
    assert keys(parse(root)) == ["tweet:4"]


def test_a_mention_of_a_vanished_account_keeps_only_its_handle(tmp_path: Path) -> None:
    gone = {"screen_name": "gone_now", "name": "Gone", "id_str": "-1", "id": "-1"}
    tweet = a_tweet("3", "hi @gone_now", entities={"user_mentions": [gone], "urls": []})
    records = parse(archive(tmp_path, {"tweets.js": ytd("tweets", [{"tweet": tweet}])}))
    assert ContactRecord(ContactRef(name="Gone", handle="x:@gone_now")) in records


def test_a_tweet_in_tweets_js_and_community_tweet_js_counts_once(tmp_path: Path) -> None:
    root = archive(
        tmp_path,
        {
            "tweets.js": ytd("tweets", [{"tweet": a_tweet("5")}]),
            "community-tweet.js": ytd("community_tweet", [{"tweet": a_tweet("5")}]),
        },
    )
    assert keys(parse(root)) == ["tweet:5"]


def test_retweeting_or_quoting_yourself_names_no_contact(tmp_path: Path) -> None:
    own = {"url": "https://t.co/x", "expanded_url": "https://twitter.com/Ada_Example/status/9"}
    quote = a_tweet("8", "me again https://t.co/x", entities={"user_mentions": [], "urls": [own]})
    root = archive(
        tmp_path,
        {
            "account.js": ytd("account", [ACCOUNT]),
            "tweets.js": ytd(
                "tweets", [{"tweet": a_tweet("6", "RT @ada_example: old news")}, {"tweet": quote}]
            ),
        },
    )
    records = parse(root)
    assert [(r.kind, r.contact) for r in records if isinstance(r, ActivityRecord)] == [
        ("share", None),
        ("post", None),
    ]
    assert not any(isinstance(r, ContactRecord) for r in records)


# --- direct messages (FORMATS §2.4) ------------------------------------------------------------


def _conversation(conversation_id: str, *messages: dict[str, Any]) -> dict[str, Any]:
    return {
        "dmConversation": {
            "conversationId": conversation_id,
            "messages": [{"messageCreate": m} for m in messages],
        }
    }


def test_messages_to_yourself_are_skipped_and_counted(tmp_path: Path) -> None:
    note = {
        "senderId": ADA,
        "recipientId": ADA,
        "id": "11",
        "text": "todo",
        "createdAt": "2023-01-01T10:00:00.000Z",
    }
    root = archive(
        tmp_path,
        {
            "account.js": ytd("account", [ACCOUNT]),
            "direct-messages.js": ytd("direct_messages", [_conversation(f"{ADA}-{ADA}", note)]),
        },
    )
    records = parse(root)
    assert keys(records) == []
    assert Note(str(root / "direct-messages.js"), "skipped 1 messages to yourself") in records


def test_an_unreadable_message_date_rejects_that_message(tmp_path: Path) -> None:
    good = {
        "senderId": "42",
        "recipientId": ADA,
        "id": "12",
        "text": "hi",
        "createdAt": "2023-01-01T10:00:00.000Z",
    }
    bad = {**good, "id": "13", "createdAt": "01/01/2023"}
    root = archive(
        tmp_path,
        {
            "account.js": ytd("account", [ACCOUNT]),
            "direct-messages.js": ytd("direct_messages", [_conversation(f"42-{ADA}", good, bad)]),
        },
    )
    records = parse(root)
    assert keys(records) == ["dm:12"]
    assert (
        Rejected(
            str(root / "direct-messages.js"), 2, "unreadable createdAt '01/01/2023' in message 13"
        )
        in records
    )


def test_a_message_id_or_follow_id_of_non_ascii_digits_is_rejected(tmp_path: Path) -> None:
    bad = {
        "senderId": "42",
        "recipientId": ADA,
        "id": "١٢",
        "text": "hi",
        "createdAt": "2023-01-01T10:00:00.000Z",
    }
    root = archive(
        tmp_path,
        {
            "account.js": ytd("account", [ACCOUNT]),
            "direct-messages.js": ytd("direct_messages", [_conversation(f"42-{ADA}", bad)]),
            "follower.js": ytd("follower", [{"follower": {"accountId": "4²"}}]),
        },
    )
    records = parse(root)
    assert keys(records) == []
    assert [r for r in records if isinstance(r, Rejected)] == [
        Rejected(str(root / "direct-messages.js"), 2, "message without id or senderId (١٢)"),
        Rejected(str(root / "follower.js"), 2, "follower entry without a numeric accountId"),
    ]


def test_a_group_where_only_the_owner_wrote_goes_to_the_first_listed(tmp_path: Path) -> None:
    mine = {"senderId": ADA, "id": "14", "text": "anyone?", "createdAt": "2023-01-02T10:00:00.000Z"}
    group = {
        "dmConversation": {
            "conversationId": "99",
            "messages": [
                {"messageCreate": mine},
                {
                    "joinConversation": {
                        "initiatingUserId": ADA,
                        "participantsSnapshot": [ADA, "77", "88"],
                        "createdAt": "2023-01-02T09:00:00.000Z",
                    }
                },
            ],
        }
    }
    root = archive(
        tmp_path,
        {
            "account.js": ytd("account", [ACCOUNT]),
            "direct-messages-group.js": ytd("direct_messages_group", [group]),
        },
    )
    records = parse(root)
    assert [(r.kind, r.contact) for r in records if isinstance(r, ActivityRecord)] == [
        ("message_out", ContactRef(uid="x:77")),
    ]
