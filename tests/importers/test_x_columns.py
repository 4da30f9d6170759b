"""Every X importer test and golden output again, on the forced columnar path (issue 10).

The tests of ``test_x_eras``, ``test_x_edges`` and ``test_x_quirks`` are collected here a
second time, unchanged, with ``ASCENT_IMPORT_PATH=columns`` and each ``ActivityBatch``
expanded into its ``records()`` the way the loader takes it; the module's fixture checks at
the end that batches were really produced. Then random archives read both ways must give the
same records in the same order, and a generated archive over 1 MiB takes the columnar path
on ``auto``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import test_x_edges
import test_x_eras
import test_x_quirks
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ascent.domain.records import ActivityBatch, ActivityRecord, Record, Rejected
from ascent.errors import InputError
from ascent.importers.read_path import COLUMNAR_MIN_BYTES, IMPORT_PATH_ENV
from ascent.importers.source import Source
from ascent.importers.x import X_ARCHIVE, XArchiveImporter, columns

_parse = XArchiveImporter.parse
#: batches the columnar path yielded while the re-collected tests ran
BATCHES: list[int] = []

for _module in (test_x_eras, test_x_edges, test_x_quirks):
    for _name, _value in vars(_module).items():
        if _name.startswith("test_") or _name == "eras":
            globals()[_name] = _value


def _expanded(self: XArchiveImporter, source: Source) -> Iterator[Record]:
    for record in _parse(self, source):
        if isinstance(record, ActivityBatch):
            BATCHES.append(len(record))
            yield from record.records()
        else:
            yield record


@pytest.fixture(autouse=True, scope="module")
def _columnar_path() -> Iterator[None]:
    """Before the module-scoped fixtures that parse (autouse fixtures come first)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(IMPORT_PATH_ENV, "columns")
        patch.setattr(XArchiveImporter, "parse", _expanded)
        yield
    assert BATCHES, "the columnar path yielded no batch: every file fell back to the rows"


# --- both paths, record for record -----------------------------------------------------------

FIXTURES = Path(__file__).parents[1] / "fixtures" / "x"
ERAS = ("2019", "2022", "2023")
ADA = "1021512369"
ACCOUNT = {"account": {"username": "ada_example", "accountId": ADA, "accountDisplayName": "Ada"}}


@dataclass
class Reading:
    """What one path gave: the expanded records, how many batches, and the files the
    columnar reader tried (False: it gave up and the row path read the file)."""

    records: list[Record] = field(default_factory=list)
    batches: int = 0
    columnar: dict[str, bool] = field(default_factory=dict)


def read(path: Path, read_path: str, patch: pytest.MonkeyPatch) -> Reading:
    reading = Reading()
    readable = columns.ColumnarItems.readable

    def watched(self: columns.ColumnarItems) -> bool:
        found = readable(self)
        reading.columnar[Path(self.name).name] = found
        return found

    patch.setenv(IMPORT_PATH_ENV, read_path)
    patch.setattr(columns.ColumnarItems, "readable", watched)
    with Source.open(path) as source:
        for record in _parse(X_ARCHIVE, source):
            if isinstance(record, ActivityBatch):
                reading.batches += 1
                BATCHES.append(len(record))
                reading.records += record.records()
            else:
                reading.records.append(record)
    patch.setattr(columns.ColumnarItems, "readable", readable)
    return reading


def both(path: Path, patch: pytest.MonkeyPatch) -> Reading:
    """The columnar path's reading, its records required equal to the row path's."""
    rows = read(path, "rows", patch)
    by_columns = read(path, "columns", patch)
    assert rows.batches == 0
    assert rows.columnar == {}
    assert by_columns.records == rows.records
    return by_columns


def ytd(name: str, items: list[Any], x_style: bool = False) -> str:
    """A data file as X writes it (``[ {`` … ``}, {`` at column 0) or pretty-printed."""
    head = f"window.YTD.{name}.part0 = "
    if x_style:
        return head + "[ " + ", ".join(json.dumps(i, indent=2) for i in items) + " ]"
    return head + json.dumps(items, indent=2, ensure_ascii=False)


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("era", ERAS)
def test_every_x_fixture_reads_the_same_on_both_paths(era: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        reading = both(FIXTURES / era, patch)
    assert reading.batches > 0
    assert reading.columnar
    assert all(reading.columnar.values())


def test_what_the_reader_cannot_take_is_read_row_by_row(tmp_path: Path) -> None:
    """Minified JSON, a number where X writes a string: the row path reads those files."""
    tweet = {"id_str": "7", "created_at": "Wed Oct 10 20:19:24 +0000 2018", "full_text": "hi"}
    files = {
        "account.js": ytd("account", [ACCOUNT]),
        "tweets.js": "window.YTD.tweets.part0 = " + json.dumps([{"tweet": tweet}] * 2),
        "tweets-part1.js": ytd("tweets", [{"tweet": {**tweet, "id_str": 8}}]),
    }
    with pytest.MonkeyPatch.context() as patch:
        reading = both(write(tmp_path, files), patch)
    assert reading.columnar == {"tweets.js": False, "tweets-part1.js": False}
    assert [r.source_key for r in reading.records if isinstance(r, ActivityRecord)] == [
        "tweet:7",
        "tweet:8",
    ]


@pytest.mark.parametrize(
    "text",
    [
        'window.YTD.tweets.part0 = [\n  {\n    "tweet": {"id_str": "7",}\n  }\n]',
        'window.YTD.tweets.part0 = [\n  {\n    "id_str": "7"\n  }\n  {\n    "id_str": "8"\n  }\n]',
        'window.YTD.tweets.part0 = [\n  {\n    "id_str": "7"\n  }\n] trailing',
        'window.YTD.tweets.part0 = [\n  {\n    "id_str": "7", "n": ' + "1" * 4301 + "\n  }\n]",
    ],
    ids=["broken", "no-comma", "trailing-text", "long-integer"],
)
def test_a_broken_file_fails_as_on_the_row_path(text: str, tmp_path: Path) -> None:
    errors = []
    for read_path in ("rows", "columns"):
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv(IMPORT_PATH_ENV, read_path)
            with (
                Source.open(write(tmp_path, {"tweets.js": text})) as source,
                pytest.raises(InputError) as failed,
            ):
                list(_parse(X_ARCHIVE, source))
        errors.append(str(failed.value))
    assert errors[0] == errors[1]


def test_a_byte_that_is_not_utf8_fails_as_on_the_row_path(tmp_path: Path) -> None:
    """Even in a field the columnar reader leaves out, which pyarrow would not check."""
    text = b'window.YTD.tweets.part0 = [\n  {\n    "id_str": "7", "lang": "\xff"\n  }\n]'
    (tmp_path / "tweets.js").write_bytes(text)
    errors = []
    for read_path in ("rows", "columns"):
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv(IMPORT_PATH_ENV, read_path)
            with Source.open(tmp_path) as source, pytest.raises(InputError) as failed:
                list(_parse(X_ARCHIVE, source))
        errors.append(str(failed.value))
    assert errors == [f"{tmp_path / 'tweets.js'}:1: not UTF-8 text (byte 60)"] * 2


def test_rejections_in_later_blocks_keep_their_lines(tmp_path: Path) -> None:
    tweets = [
        {"tweet": {"id_str": str(100 + i), "created_at": "Wed Oct 10 20:19:24 +0000 2018"}}
        for i in range(60)
    ]
    tweets[41]["tweet"]["id_str"] = "x41"
    tweets[57]["tweet"]["created_at"] = "yesterday"
    files = {"account.js": ytd("account", [ACCOUNT]), "tweets.js": ytd("tweets", tweets)}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(columns, "BLOCK_BYTES", 512)
        reading = both(write(tmp_path, files), patch)
    assert reading.batches > 3  # many blocks, each cut at its rejections
    assert [(r.line, r.reason) for r in reading.records if isinstance(r, Rejected)] == [
        (1 + 41 * 6 + 1, "tweet without a numeric id_str"),
        (1 + 57 * 6 + 1, "unreadable created_at 'yesterday'"),
    ]


# --- random archives -------------------------------------------------------------------------

IDS = st.sampled_from(["101", "102", "103", "0103", "x", "", "\u0661\u0662"])
TIMES = st.sampled_from(
    [
        "Wed Oct 10 20:19:24 +0000 2018",
        "Thu Oct 11 01:00:00 +1000 2018",
        "Wed Oct 1 20:19:24 +0000 2018",
        " Wed Oct 10 20:19:24 +0000 2018",
        "Xyz Oct 10 20:19:24 +0000 2018",
        "Fri Feb 30 00:00:00 +0000 2018",
        "bad",
    ]
)
TEXTS = st.sampled_from(
    ["Hello", "RT @bob: hi &amp; bye", "Is it? &lt;3", "", "RT @ada_example: me", "&#82;T @bob: x"]
)
MENTIONS = st.sampled_from(
    [
        {"id_str": "2", "screen_name": "bob", "name": "Bob"},
        {"id_str": "-1", "screen_name": "gone", "name": ""},
        {"id_str": ADA, "screen_name": "ada_example", "name": "Ada"},
        {"id_str": "3", "screen_name": "cleo", "name": " Cleo "},
        {"screen_name": "bob"},
        None,
    ]
)
URLS = st.sampled_from(
    [
        {"expanded_url": "https://x.com/bob/status/5"},
        {"expanded_url": "https://twitter.com/i/status/6"},
        {"expanded_url": "https://example.com/status/"},
        {"expanded_url": "https://x.com/ada_example/status/7"},
        {"expanded_url": "https://x.com/dan/status/\u0661"},
    ]
)


@st.composite
def tweets(draw: st.DrawFn) -> dict[str, Any]:
    tweet_id = draw(IDS)
    tweet: dict[str, Any] = {
        "id_str": tweet_id,
        "created_at": draw(TIMES),
        draw(st.sampled_from(["full_text", "text"])): draw(TEXTS),
        "entities": {"user_mentions": draw(st.lists(MENTIONS, max_size=2)), "urls": []},
    }
    tweet["entities"]["urls"] = draw(st.lists(URLS, max_size=2))
    for key, values in (
        ("in_reply_to_user_id_str", ["", "2", ADA, "-1"]),
        ("in_reply_to_screen_name", ["", "bob", "ada_example", "bad handle!"]),
        ("in_reply_to_status_id_str", ["55"]),
    ):
        if draw(st.booleans()):
            tweet[key] = draw(st.sampled_from(values))
    edit = draw(st.sampled_from(["chain", "none", "alone", "version", "empty", "odd"]))
    if edit == "alone":
        tweet["edit_info"] = {"initial": {"editTweetIds": [tweet_id]}}
    elif edit == "empty":
        tweet["edit_info"] = {"initial": {"editTweetIds": []}}
    elif edit == "odd":
        tweet["edit_info"] = draw(
            st.sampled_from([{}, None, {"initial": {"editTweetIds": [None]}}])
        )
    elif edit == "chain":
        tweet["edit_info"] = {"initial": {"editTweetIds": [tweet_id, "999"]}}
    elif edit == "version":
        tweet["edit_info"] = {"edit": {"initialTweetId": draw(IDS)}}
    return {"tweet": tweet} if draw(st.booleans()) else tweet


MESSAGES = st.fixed_dictionaries(
    {
        "id": st.sampled_from(["9001", "9002", "9003", "x", ""]),
        "senderId": st.sampled_from([ADA, "2", "3", ""]),
        "recipientId": st.sampled_from([ADA, "2", ""]),
        "createdAt": st.sampled_from(
            [
                "2020-11-30T08:15:28.282Z",
                "2020-11-30 08:15:28+01:00",
                "2020-02-30T00:00:00.000Z",
                "2020-11-30T08:15:28",
                "x",
            ]
        ),
        "text": st.sampled_from(["hi", "a &amp; b?", ""]),
    }
)
EVENTS = st.one_of(
    MESSAGES.map(lambda m: {"messageCreate": m}),
    st.just({"participantsJoin": {"userIds": ["4"], "createdAt": "2020-01-01T00:00:00.000Z"}}),
    st.just({"joinConversation": {"participantsSnapshot": [ADA, "5"], "createdAt": "2019"}}),
    st.just({"reactionCreate": {"senderId": "6", "createdAt": "2021-01-01T00:00:00.000Z"}}),
)
CONVERSATIONS = st.fixed_dictionaries(
    {
        "conversationId": st.sampled_from([f"{ADA}-2", f"2-{ADA}", "777", f"{ADA}-{ADA}", ""]),
        "messages": st.lists(EVENTS, max_size=4),
    }
).map(lambda c: {"dmConversation": c})


@settings(
    max_examples=100,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    parts=st.lists(st.lists(tweets(), max_size=8), min_size=1, max_size=2),
    conversations=st.lists(CONVERSATIONS, max_size=4),
    groups=st.lists(CONVERSATIONS, max_size=2),
    x_style=st.booleans(),
    block=st.sampled_from([256, 4096, 1 << 20]),
)
def test_random_archives_read_the_same_on_both_paths(
    parts: list[list[dict[str, Any]]],
    conversations: list[dict[str, Any]],
    groups: list[dict[str, Any]],
    x_style: bool,
    block: int,
) -> None:
    files = {
        "account.js": ytd("account", [ACCOUNT]),
        "direct-messages.js": ytd("direct_messages", conversations, x_style),
        "direct-messages-group.js": ytd("direct_messages_group", groups, x_style),
    }
    for number, part in enumerate(parts):
        files["tweets.js" if number == 0 else f"tweets-part{number}.js"] = ytd(
            "tweets", part, x_style
        )
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(columns, "BLOCK_BYTES", block)
        reading = both(write(Path(folder), files), patch)
    assert reading.columnar == dict.fromkeys(set(files) - {"account.js"}, True)


# --- auto ------------------------------------------------------------------------------------


def test_a_tweets_file_over_a_mib_takes_the_columnar_path_on_auto(tmp_path: Path) -> None:
    tweets = [
        {
            "tweet": {
                "id_str": str(10_000 + i),
                "created_at": "Wed Oct 10 20:19:24 +0000 2018",
                "full_text": f"@bob number {i}: " + "words &amp; more words " * 20,
                "in_reply_to_user_id_str": "2",
                "entities": {"user_mentions": [{"id_str": "2", "screen_name": "bob"}]},
            }
        }
        for i in range(2500)
    ]
    files = {"account.js": ytd("account", [ACCOUNT]), "tweets.js": ytd("tweets", tweets)}
    folder = write(tmp_path, files)
    assert (folder / "tweets.js").stat().st_size > COLUMNAR_MIN_BYTES
    with pytest.MonkeyPatch.context() as patch:
        rows = read(folder, "rows", patch)
        auto = read(folder, "auto", patch)
    assert auto.columnar == {"tweets.js": True}
    assert auto.batches == 1  # bob is new in the first tweet only, which comes first
    assert auto.records == rows.records
    bodies = {r.body for r in auto.records if isinstance(r, ActivityRecord)}
    assert "@bob number 7: " + "words & more words " * 20 in bodies


def test_a_waiting_edit_does_not_hide_the_accounts_a_later_tweet_names_first(
    tmp_path: Path,
) -> None:
    """The row path names bob (a ContactRecord) after the first tweet it publishes that
    mentions him, not after an edit version that waits for the end."""
    bob = {"id_str": "2", "screen_name": "bob", "name": "Bob"}

    def tweet(tweet_id: str, **extra: Any) -> dict[str, Any]:
        return {
            "id_str": tweet_id,
            "created_at": "Wed Oct 10 20:19:24 +0000 2018",
            "full_text": "hi @bob",
            "entities": {"user_mentions": [bob]},
            **extra,
        }

    chain = {"initial": {"editTweetIds": ["101", "102"]}}
    files = {
        "account.js": ytd("account", [ACCOUNT]),
        "tweets.js": ytd("tweets", [tweet("101", edit_info=chain), tweet("103")]),
    }
    with pytest.MonkeyPatch.context() as patch:
        reading = both(write(tmp_path, files), patch)
    assert [type(r).__name__ for r in reading.records[1:]] == [
        "ActivityRecord",
        "ContactRecord",
        "ActivityRecord",
    ]


def test_a_small_archive_never_imports_pyarrow() -> None:
    """On ``auto``, every fixture file is under 1 MiB: the columnar modules stay unloaded."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from ascent.importers.source import Source\n"
        "from ascent.importers.x import X_ARCHIVE\n"
        f"with Source.open(Path({str(FIXTURES / '2023')!r})) as source:\n"
        "    records = list(X_ARCHIVE.parse(source))\n"
        "print(len(records), 'pyarrow' in sys.modules)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != IMPORT_PATH_ENV}
    done = subprocess.run(  # our own interpreter on our own script
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env
    )
    assert done.stdout.split() == ["21", "False"]
