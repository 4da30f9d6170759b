"""X data files read as a stream: hostile JSON is one line, lines survive chunk boundaries."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from ascent.domain.records import Record, Rejected
from ascent.errors import InputError
from ascent.importers import jsonstream as stream_module
from ascent.importers.limits import Limits
from ascent.importers.source import Source
from ascent.importers.x import X_ARCHIVE

ACCOUNT = {"account": {"accountId": "100", "username": "ada", "accountDisplayName": "Ada"}}


def parse(path: Path, limits: Limits | None = None) -> list[Record]:
    with Source.open(path, limits or Limits()) as source:
        return list(X_ARCHIVE.parse(source))


def archive(root: Path, tweets: str) -> Path:
    (root / "data").mkdir(parents=True, exist_ok=True)
    account = f"window.YTD.account.part0 = {json.dumps([ACCOUNT])}"
    (root / "data" / "account.js").write_text(account, encoding="utf-8")
    (root / "data" / "tweets.js").write_text(tweets, encoding="utf-8")
    return root


def tweet(tweet_id: int) -> str:
    body = {
        "tweet": {
            "id_str": str(tweet_id),
            "created_at": "Wed Oct 10 20:19:24 +0000 2018",
            "full_text": f"Tweet {tweet_id}",
        }
    }
    return json.dumps(body, indent=2)


def test_json_nested_thousands_deep_is_one_line_naming_file_and_line(tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    root = archive(tmp_path, f"window.YTD.tweets.part0 = [\n{tweet(1)},\n{deep}\n]")
    with pytest.raises(InputError) as caught:
        parse(root)
    assert (caught.value.line, caught.value.reason) == (9, "JSON nested too deep to read")


def test_an_integer_of_100000_digits_is_one_line(tmp_path: Path) -> None:
    root = archive(tmp_path, 'window.YTD.tweets.part0 = [\n{\n"tweet": ' + "9" * 100_000 + "}]")
    with pytest.raises(InputError) as caught:
        parse(root)
    assert caught.value.line == 2
    assert caught.value.reason.startswith("a JSON number too long to read (Exceeds the limit")


def test_a_huge_exponent_is_just_a_number_that_is_no_tweet(tmp_path: Path) -> None:
    root = archive(tmp_path, "window.YTD.tweets.part0 = [\n1e999999\n]")
    assert [r for r in parse(root) if isinstance(r, Rejected)] == [
        Rejected(str(root / "data/tweets.js"), 2, "not a tweet object")
    ]


def test_element_lines_are_exact_across_chunk_boundaries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream_module, "CHUNK_CHARS", 7)  # every element spans many chunks
    items = [tweet(n) for n in range(1, 4)] + ['"not a tweet"', "12345678901234567890"]
    text = "window.YTD.tweets.part0 = [\n" + ",\n".join(items) + "\n]"
    rejected = [
        (r.line, r.reason) for r in parse(archive(tmp_path, text)) if isinstance(r, Rejected)
    ]
    assert rejected == [(23, "not a tweet object"), (24, "not a tweet object")]


def test_an_element_above_the_value_cap_is_refused_with_its_line(tmp_path: Path) -> None:
    big = json.dumps({"tweet": {"full_text": "x" * 5000}})
    root = archive(tmp_path, f"window.YTD.tweets.part0 = [\n{tweet(1)},\n{big}\n]")
    with pytest.raises(InputError) as caught:
        parse(root, Limits(whole_read_bytes=4 * 1024))
    assert (caught.value.line, caught.value.reason) == (
        9,
        "a JSON value larger than 1,024 characters",
    )


def test_a_file_of_blank_lines_is_not_an_x_file(tmp_path: Path) -> None:
    root = archive(tmp_path, "\n" * 3_000_000 + "window.YTD.tweets.part0 = [ ]\n\n")
    assert parse(root)[0].__class__.__name__ == "OwnerRecord"
    (root / "data" / "tweets.js").write_text("\n" * 3_000_000, encoding="utf-8")
    with pytest.raises(InputError, match=r"tweets\.js: not an X archive data file"):
        parse(root)


def test_a_tweet_never_edited_is_published_before_the_rest_is_read(tmp_path: Path) -> None:
    root = archive(tmp_path, f"window.YTD.tweets.part0 = [\n{tweet(1)},\n{{ broken")
    seen: list[str] = []

    def read() -> None:
        with Source.open(root) as source:
            for record in X_ARCHIVE.parse(source):
                seen.append(getattr(record, "source_key", type(record).__name__))

    with pytest.raises(InputError, match=r":9: broken JSON"):
        read()
    assert seen == ["OwnerRecord", "tweet:1"]


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 8, 13, stream_module.CHUNK_CHARS])
@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ('[\n{"a":1},\n{"a":2},\n{"a": tru}\n]', 4, "Expecting value"),
        ('[\n{"a":1},\n{"a":\n tru}]', 4, "Expecting value"),
        ('[\n{"a":1},\n{"a": "x\n', 3, "Invalid control character at"),
    ],
)
def test_a_decode_error_at_the_end_of_the_file_names_its_own_line(
    monkeypatch: pytest.MonkeyPatch, text: str, line: int, reason: str, chunk: int
) -> None:
    monkeypatch.setattr(stream_module, "CHUNK_CHARS", chunk)
    stream = stream_module.JsonStream(io.BytesIO(text.encode()), "t.json", 1000)
    with pytest.raises(InputError) as caught:
        list(stream.array_items())
    assert (caught.value.line, caught.value.reason) == (line, f"broken JSON ({reason})")
