"""``ascent link``: the UTM-tagged link for a post, in process, without a database."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ascent.cli.app import app

POST = "urn:li:activity:7170000000000000001"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_prints_the_tagged_link_with_the_post_as_utm_content() -> None:
    code, stdout, _ = run("link", "https://ada.example/blog/spring", "--post", POST)
    assert code == 0
    assert stdout == (
        "https://ada.example/blog/spring?utm_source=linkedin&utm_medium=social"
        "&utm_content=urn%3Ali%3Aactivity%3A7170000000000000001\n"
    )


def test_json_gives_the_url_and_its_utm_values() -> None:
    code, stdout, _ = run(
        "link",
        "https://ada.example/?ref=nl&utm_source=old",
        "--post",
        "Spring-Slug",
        "--source",
        "Mastodon",
        "--medium",
        "social",
        "--campaign",
        "Spring Launch",
        "--json",
    )
    assert code == 0
    assert json.loads(stdout) == {
        "url": "https://ada.example/?ref=nl&utm_source=mastodon&utm_medium=social"
        "&utm_campaign=spring+launch&utm_content=spring-slug",
        "utm": {
            "utm_source": "mastodon",
            "utm_medium": "social",
            "utm_campaign": "spring launch",
            "utm_content": "spring-slug",
        },
    }


def test_a_pasted_post_url_gives_its_urn() -> None:
    pasted = f"https://www.linkedin.com/feed/update/{POST.replace(':', '%3A')}/"
    code, stdout, _ = run("link", "https://ada.example/", "--post", pasted, "--json")
    assert code == 0
    assert json.loads(stdout)["utm"]["utm_content"] == POST


def test_a_bad_url_is_one_line_and_exit_2() -> None:
    code, stdout, stderr = run("link", "ada.example/blog", "--post", POST)
    assert (code, stdout) == (2, "")
    assert stderr == "error: not a web address: 'ada.example/blog' (use https://…)\n"


def test_an_empty_post_is_one_line_and_exit_2() -> None:
    code, _, stderr = run("link", "https://ada.example/", "--post", "  ")
    assert (code, stderr) == (2, "error: --post is empty: give the post's id or a slug\n")


def test_post_is_required() -> None:
    code, _, stderr = run("link", "https://ada.example/")
    assert code == 2
    assert "--post" in stderr


def test_needs_no_database(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "none.db"
    code, _, _ = run("--db", f"sqlite:///{missing}", "link", "https://ada.example/", "--post", "p")
    assert code == 0
    assert not missing.parent.exists()


def test_has_help() -> None:
    code, stdout, _ = run("link", "--help")
    assert code == 0
    assert "Usage: ascent link" in stdout
