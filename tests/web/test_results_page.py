"""The team's results page (``/team/{id}/results``): it renders, its twin equals what
``ascent results`` prints, only the team's lead and admins see it, and every chart compiles
and draws with the vendored Vega."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from test_charts import draw_without_warnings
from typer.testing import CliRunner

from ascent.bootstrap import unit_of_work
from ascent.cli.app import app
from ascent.service.results import results_page, team_id_named
from ascent.settings import Settings
from ascent.web.charts import results as charts
from web_demo import DEMO_DAY, LEAD_NORTH, LEAD_SOUTH, SELLER, log_in

NORTH = "Team North"


def _team_id(settings: Settings, name: str) -> int:
    with unit_of_work(settings) as uow:
        return team_id_named(uow, team=name)


def _cli(settings: Settings, command: str) -> dict[str, Any]:
    result = CliRunner().invoke(
        app,
        [
            "--db",
            settings.database_url,
            "results",
            command,
            "--team",
            NORTH,
            "--as-of",
            DEMO_DAY.isoformat(),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_the_twin_equals_what_the_cli_prints(demo_app: TestClient, demo_settings: Settings) -> None:
    team_id = _team_id(demo_settings, NORTH)
    client = log_in(demo_app, LEAD_NORTH)
    twin = client.get(f"/team/{team_id}/results.json")
    assert twin.status_code == 200
    data = twin.json()
    assert list(data) == ["team", "as_of", "attribution", "uplift", "replication"]
    assert (data["team"], data["as_of"]) == ({"id": team_id, "name": NORTH}, "2026-11-30")
    for command in ("attribution", "uplift", "replication"):
        assert data[command] == _cli(demo_settings, command), command


def test_the_page_shows_every_method_the_uplift_and_each_seller(
    demo_app: TestClient, demo_settings: Settings
) -> None:
    team_id = _team_id(demo_settings, NORTH)
    client = log_in(demo_app, LEAD_NORTH)
    page = client.get(f"/team/{team_id}/results")
    assert page.status_code == 200
    text = page.text
    for words in (
        "Method: first touch, as a table",
        "Method: last touch, as a table",
        "Method: linear, as a table",
        "Outcomes by first touch (method: first touch)",
        "Uplift against control accounts (method: difference in differences, 90 % interval)",
        "Replication across target accounts",
        "all target accounts",
    ):
        assert words in text, words
    data = client.get(f"/team/{team_id}/results.json").json()
    for seller in data["replication"]["sellers"]:
        assert f'data-person-id="{seller["person_id"]}"' in text
    assert text.count('data-chart="') == 3 + 2 + 2  # methods, sources, uplift, replication
    # a pair of account and seller without any outcome says nothing: left out, and counted
    accounts = data["uplift"]["accounts"]
    compared = [r for r in accounts if r["outcomes_before"] + r["outcomes_after"] > 0]
    silent = len(accounts) - len(compared)
    assert compared
    assert silent > 0
    table = text.split('<table class="uplift">')[1].split("</table>")[0]
    assert table.count("<tr") == 1 + len(compared) + 1  # the head, the pairs, the programme
    assert f"Not drawn: {silent} pair(s) of account and seller" in text
    assert len(charts.uplift_rows(data["uplift"])) == len(compared) + 1


def test_only_the_teams_lead_and_admins_see_it(
    demo_app: TestClient, demo_settings: Settings
) -> None:
    team_id = _team_id(demo_settings, NORTH)
    assert demo_app.get(f"/team/{team_id}/results.json").status_code == 401
    for who in (SELLER, LEAD_SOUTH):
        client = log_in(demo_app, who)
        assert client.get(f"/team/{team_id}/results").status_code == 404
        assert client.get(f"/team/{team_id}/results.json").status_code == 404
    client = log_in(demo_app, LEAD_NORTH)
    assert client.get("/team/999999/results.json").status_code == 404


def test_every_results_chart_compiles_and_draws_without_a_warning(
    demo_settings: Settings, tmp_path: Path
) -> None:
    with unit_of_work(demo_settings) as uow:
        team_id = team_id_named(uow, team=NORTH)
        data = results_page(uow, team_id=team_id, as_of=DEMO_DAY).to_dict()
    specs = {
        f"attribution_{i}": s for i, s in enumerate(charts.attribution_charts(data["attribution"]))
    }
    specs |= {"uplift": charts.uplift(data["uplift"])}
    specs |= {"replication": charts.replication(data["replication"])}
    # and on nothing at all: a team without outcomes still draws its (empty) charts
    empty = {"by_source": [], "by_traffic_source": [], "methods": [{"label": "linear", "rows": []}]}
    specs |= {f"empty_{i}": s for i, s in enumerate(charts.attribution_charts(empty))}
    nobody = {"accounts": [], "programme": {"uplift": None}, "sellers": []}
    specs |= {
        "empty_uplift": charts.uplift(nobody),
        "empty_replication": charts.replication(nobody),
    }
    draw_without_warnings(specs, tmp_path)
    for spec in specs.values():
        assert spec["title"]
        assert spec["description"].endswith(".")


def test_on_the_demo_wanda_tells_the_250_percent_story_and_sam_does_not(
    demo_settings: Settings,
) -> None:
    with unit_of_work(demo_settings) as uow:
        team_id = team_id_named(uow, team=NORTH)
        data = results_page(uow, team_id=team_id, as_of=DEMO_DAY).to_dict()
    sellers = {s["person"]: s for s in data["replication"]["sellers"]}
    wanda, sam = sellers["Wanda Wonder"], sellers["Sam Steady"]
    assert wanda["flags"] == ["single_account_success"]
    assert wanda["up_account"] == "Acme Example Ltd"
    assert wanda["not_carried_to"] == [
        "Globex Example",
        "Initech Example",
        "Stark Example Industries",
        "Umbrella Example plc",
        "Wayne Example Enterprises",
    ]
    assert "Acme Example Ltd" in wanda["evidence"]
    assert sam["flags"] == []
    assert sam["accounts_with_outcomes"] >= 2
    # and Acme is clearly up for her against her control accounts
    (acme,) = [
        r
        for r in data["uplift"]["accounts"]
        if (r["person"], r["account"]) == ("Wanda Wonder", "Acme Example Ltd")
    ]
    assert acme["ci_low"] > 0
    assert acme["verdict"].startswith("up: ")
