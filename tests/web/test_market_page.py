"""The market page of a team: its twin is ``ascent market --json`` of the same day, the page
shows the rising terms (a bar chart, this week against last), the questions, the gap (or why
there is none) and the feeds with their errors; only the team's members, its lead and an
admin see it; every chart compiles and draws with the vendored Vega."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from test_charts import draw_without_warnings
from typer.testing import CliRunner

from ascent.bootstrap import unit_of_work
from ascent.cli.app import app as cli
from ascent.service.imports import import_paths
from ascent.service.market import add_feed, fetch_feeds, find_team_id
from ascent.service.org_settings import set_org_settings
from ascent.service.users import add_user
from ascent.settings import Settings
from ascent.web.app import create_app
from ascent.web.charts import market as charts
from web_demo import DEMO_DAY, log_in

FEEDS = Path(__file__).parents[1] / "fixtures" / "feeds"
PASSWORD = "a long password"
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


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    settings = Settings(database_url, explicit_database=True)
    posts = tmp_path / "ada.csv"
    posts.write_text(POSTS, encoding="utf-8")
    south = tmp_path / "bo.csv"
    south.write_text("date,kind,id\n2026-11-24T09:00,post,b1\n", encoding="utf-8")
    with unit_of_work(settings, write=True) as uow:
        set_org_settings(uow, changes={"store_bodies": "true"})
    with unit_of_work(settings, write=True) as uow:
        import_paths(uow, paths=[posts], person="ada@example.com", team="North")
        import_paths(uow, paths=[south], person="bo@example.com", team="South")
    with unit_of_work(settings, write=True) as uow:
        for url in (FEEDS / "buyers-forum.rss.xml", FEEDS / "vendor-notes.atom.xml"):
            add_feed(uow, url=str(url))
        add_feed(uow, url="http://127.0.0.1:9/never.rss")  # port 9 (discard): refused
    with unit_of_work(settings, write=True) as uow:
        fetch_feeds(uow)
    with unit_of_work(settings, write=True) as uow:
        add_user(uow, email="ada@example.com", role="seller", password=PASSWORD)
        add_user(uow, email="bo@example.com", role="seller", password=PASSWORD)
        add_user(uow, email="lead@example.com", role="lead", team="North", password=PASSWORD)
    return settings


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    web = create_app(settings, secret="test-secret", today=lambda: DEMO_DAY)
    with TestClient(web, base_url="http://testserver", follow_redirects=False) as c:
        yield c


def _north(settings: Settings) -> int:
    with unit_of_work(settings) as uow:
        return find_team_id(uow, "North")


def test_the_twin_is_the_cli_json_and_the_page_shows_it(
    settings: Settings, client: TestClient
) -> None:
    north = _north(settings)
    log_in(client, "lead@example.com", PASSWORD)
    twin = client.get(f"/team/{north}/market.json")
    assert twin.status_code == 200
    result = CliRunner().invoke(
        cli,
        [
            "--db",
            settings.database_url,
            "market",
            "--team",
            "North",
            "--as-of",
            str(DEMO_DAY),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert twin.json() == json.loads(result.stdout)
    data = twin.json()
    assert data["as_of"] == "2026-11-30"
    assert data["rising"][0] == {
        "term": "onboarding checklist",
        "lang": "en",
        "this_week": 2,  # F101 and F102 (the forum feed)
        "last_week": 0,
        "change": 2,
    }

    page = client.get(f"/team/{north}/market")
    assert page.status_code == 200
    html = page.text
    assert "What the market says to North" in html
    assert 'data-chart="rising-chart"' in html
    assert 'data-chart="questions-chart"' in html
    assert 'data-chart="gap-chart"' in html
    assert (
        '<tr data-term="onboarding checklist"><th scope="row">onboarding checklist</th>'
        '<td>en</td><td class="num">2</td><td class="num">0</td><td class="num">+2</td></tr>'
        in html
    )
    assert (
        '<li class="question">Security questionnaires again? '
        '<small class="muted">2026-11-26</small></li>' in html
    )
    assert (
        '<li data-term="procurement">procurement <small class="muted">(2 texts)</small></li>'
        in html
    )
    assert '<td class="feed-error">cannot connect: [Errno 111] Connection refused</td>' in html
    assert "Fictional Buyers Forum" in html
    # each feed's row counts its entries (a dict key named like a dict method: "items")
    for feed in data["feeds"]:
        assert f'<td class="num">{feed["items"]}</td>' in html
    assert "built-in method" not in html


def test_without_stored_texts_the_page_says_why_there_is_no_gap(
    settings: Settings, client: TestClient
) -> None:
    with unit_of_work(settings, write=True) as uow:
        set_org_settings(uow, changes={"store_bodies": "false"})
    log_in(client, "ada@example.com", PASSWORD)  # a seller of the team
    north = _north(settings)
    data = client.get(f"/team/{north}/market.json").json()
    assert (data["gap"], data["store_bodies"]) == (None, False)
    html = client.get(f"/team/{north}/market").text
    assert f'<p class="gap-note">{escape(data["gap_note"])}</p>' in html
    assert 'data-chart="gap-chart"' not in html


def test_another_teams_seller_gets_what_does_not_exist(
    settings: Settings, client: TestClient
) -> None:
    north = _north(settings)
    log_in(client, "bo@example.com", PASSWORD)
    assert client.get(f"/team/{north}/market").status_code == 404
    assert client.get(f"/team/{north}/market.json").status_code == 404
    assert client.get("/team/999/market.json").status_code == 404


def test_the_charts_shape_the_market_dict(
    settings: Settings, client: TestClient, tmp_path: Path
) -> None:
    log_in(client, "lead@example.com", PASSWORD)
    data = client.get(f"/team/{_north(settings)}/market.json").json()
    rows = charts.rising_rows(data)
    assert rows[:2] == [
        {"term": "onboarding checklist", "week": "this week", "texts": 2},
        {"term": "onboarding checklist", "week": "last week", "texts": 0},
    ]
    assert len(rows) == 2 * len(data["rising"])
    two_languages = {
        "rising": [
            {"term": "onboarding", "lang": "en", "this_week": 2, "last_week": 0},
            {"term": "onboarding", "lang": "de", "this_week": 2, "last_week": 1},
        ]
    }
    assert [r["term"] for r in charts.rising_rows(two_languages)] == [
        "onboarding (en)",
        "onboarding (en)",
        "onboarding (de)",
        "onboarding (de)",
    ]
    assert charts.gap_terms({**data, "gap": None}) is None
    specs = {
        "rising": charts.rising_terms(data),
        "questions": charts.question_groups(data),
        "gap": charts.gap_terms(data),
    }
    for spec in specs.values():
        assert spec is not None
        assert spec["$schema"] == "https://vega.github.io/schema/vega-lite/v6.json"
        assert spec["description"].endswith(".")
    draw_without_warnings(specs, tmp_path)
