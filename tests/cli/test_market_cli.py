"""``ascent market add|list|fetch`` and ``ascent market --team T --as-of D``: the JSON is the
service's view; a failing feed is one line and the others are read; exit 1 only when every
feed failed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from ascent.bootstrap import unit_of_work
from ascent.cli.app import app
from ascent.service.market import find_team_id, market
from ascent.settings import Settings

FEEDS = Path(__file__).parents[1] / "fixtures" / "feeds"
RSS = FEEDS / "buyers-forum.rss.xml"
ATOM = FEEDS / "vendor-notes.atom.xml"
POSTS = "\n".join(
    [
        "date,kind,channel,contact,note,id",
        "2026-11-24T09:00,post,linkedin,,"
        "Our pricing tiers explained: customer onboarding included.,p1",
        "2026-11-26T09:00,reaction,linkedin,Grace Buyer,"
        "Security questionnaires again? Procurement wants answers.,r1",
        "",
    ]
)


def run(db: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--db", db, *args])
    return result.exit_code, result.stdout, result.stderr


def gone(tmp_path: Path) -> str:
    """A feed file that was added and then removed: its fetch fails."""
    path = tmp_path / "gone.xml"
    path.write_bytes(RSS.read_bytes())
    return str(path)


def test_add_list_fetch_then_the_market_as_json(database_url: str, tmp_path: Path) -> None:
    posts = tmp_path / "ada.csv"
    posts.write_text(POSTS, encoding="utf-8")
    assert run(database_url, "org", "settings", "--set", "store_bodies=true")[0] == 0
    code, _, err = run(
        database_url, "import", str(posts), "--person", "ada@example.com", "--team", "North"
    )
    assert code == 0, err
    missing = gone(tmp_path)
    code, stdout, _ = run(database_url, "market", "add", str(RSS), "--json")
    assert code == 0
    added = json.loads(stdout)
    assert (added["url"], added["added"], added["items"], added["fetched_at"]) == (
        str(RSS),
        True,
        0,
        None,
    )
    assert run(database_url, "market", "add", str(ATOM))[1] == f"following feed 2: {ATOM}\n"
    assert run(database_url, "market", "add", missing)[0] == 0
    assert run(database_url, "market", "add", str(RSS))[1] == f"already following feed 1: {RSS}\n"
    Path(missing).unlink()

    code, stdout, _ = run(database_url, "market", "fetch")
    assert code == 0  # one of three failed: reported, not fatal
    assert stdout.splitlines() == [
        f"feed 1 {RSS}: 4 new entries",
        f"feed 2 {ATOM}: 3 new entries",
        f"feed 3 {missing}: failed: cannot read the file: No such file or directory",
        "3 feeds: 2 fetched, 0 not modified, 1 failed; 7 new entries",
    ]
    code, stdout, _ = run(database_url, "market", "list", "--json")
    feeds = json.loads(stdout)["feeds"]
    assert [(f["feed_id"], f["items"], f["last_error"]) for f in feeds] == [
        (1, 4, None),
        (2, 3, None),
        (3, 0, "cannot read the file: No such file or directory"),
    ]

    code, stdout, _ = run(
        database_url, "market", "--team", "North", "--as-of", "2026-11-30", "--json"
    )
    assert code == 0
    shown = json.loads(stdout)
    with unit_of_work(Settings(database_url, explicit_database=True)) as uow:
        view = market(uow, team_id=find_team_id(uow, "North"), as_of=date(2026, 11, 30))
    assert shown == json.loads(json.dumps(view.to_dict()))
    # V7 and r1 this week: the reaction's text is heard beside the feeds
    assert {
        "term": "procurement",
        "lang": "en",
        "this_week": 2,
        "last_week": 0,
        "change": 2,
    } in shown["rising"]

    code, stdout, _ = run(database_url, "market", "--as-of", "2026-11-30")  # the only team
    assert code == 0
    assert "North: the market as of 2026-11-30" in stdout
    assert "    2026-11-26 Security questionnaires again?" in stdout
    assert "  procurement (2 texts)" in stdout


def test_fetch_exits_1_when_every_feed_failed(database_url: str, tmp_path: Path) -> None:
    missing = gone(tmp_path)
    assert run(database_url, "market", "add", missing)[0] == 0
    Path(missing).unlink()
    code, stdout, _ = run(database_url, "market", "fetch", "--json")
    assert code == 1
    assert json.loads(stdout)["failed"] == 1


def test_errors_are_one_line(database_url: str) -> None:
    code, _, err = run(database_url, "market", "add", "ftp://files.example.com/feed.xml")
    assert (code, err) == (
        2,
        "error: only http(s) URLs and local files can be followed, not "
        "'ftp://files.example.com/feed.xml'\n",
    )
    code, _, err = run(database_url, "market", "--team", "West", "--json")
    assert code == 2
    assert json.loads(err)["error"]["message"] == "no team 'West' in this org"
    code, _, err = run(database_url, "market")
    assert (code, err) == (2, "error: name a team with --team: one of (none yet)\n")
