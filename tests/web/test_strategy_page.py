"""The strategy editor: read by the team, saved by its lead, coverage of the unsaved edit,
and the YAML file of ``ascent strategy load`` / ``show``."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from typer.testing import CliRunner

from ascent.bootstrap import unit_of_work
from ascent.cli.app import app as cli
from ascent.service.org_settings import set_org_settings
from ascent.service.people import people_reports
from ascent.service.strategy_page import strategy_page
from ascent.settings import Settings
from ascent.store.models import Person
from web_demo import DEMO_DAY, LEAD_NORTH, LEAD_SOUTH, SELLER, csrf, log_in

TEAM = "Team North"


def team_id(client: TestClient) -> int:
    """Team North's id: where its lead's home is."""
    log_in(client, LEAD_NORTH)
    location = client.get("/").headers["location"]
    match = re.fullmatch(r"/team/(\d+)", location)
    assert match, location
    return int(match.group(1))


def cli_json(url: str, *args: str) -> Any:
    result = CliRunner().invoke(cli, ["--db", url, *args, "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def team_coverage_from_people(url: str) -> tuple[int, dict[str, int]]:
    """The team's effort and effort by tactic, added up from ``ascent people --json``'s rows."""
    with unit_of_work(Settings(url, explicit_database=True)) as uow:
        rows = [r.to_dict() for r in people_reports(uow, as_of=DEMO_DAY, team=TEAM)]
    by_tactic: dict[str, int] = {}
    for row in rows:
        for name, n in row["by_tactic"].items():
            by_tactic[name] = by_tactic.get(name, 0) + n
    return sum(r["effort"] for r in rows), by_tactic


def form_of(strategy: dict[str, Any]) -> dict[str, Any]:
    """The editor's form fields for a strategy document (as ``strategy show --json`` gives it)."""
    return {
        "programme_start": strategy["programme_start"] or "",
        "goal_name": [g["name"] for g in strategy["goals"]],
        "goal_outcome": [g["outcome"] or "" for g in strategy["goals"]],
        "tactic_name": [t["name"] for t in strategy["tactics"]],
        "tactic_serves": [t["serves"] or "" for t in strategy["tactics"]],
        "tactic_kinds": [", ".join(t["kinds"]) for t in strategy["tactics"]],
        "tactic_channels": [", ".join(t["channels"]) for t in strategy["tactics"]],
        "tactic_cadence": [t["cadence"] or "" for t in strategy["tactics"]],
        "accounts": "\n".join(strategy["targets"]["accounts"]),
        "personas": "\n".join(strategy["targets"]["personas"]),
    }


def test_a_seller_reads_the_strategy_and_its_coverage(
    demo_app: TestClient, demo_settings: Settings
) -> None:
    team = team_id(demo_app)
    log_in(demo_app, SELLER)
    data = demo_app.get(f"/team/{team}/strategy.json").json()
    shown = cli_json(demo_settings.database_url, "strategy", "show", "--team", TEAM)
    assert data["strategy"] == shown
    assert data["may_save"] is False
    assert (data["k_anonymity"], data["coverage_hidden_reason"]) == (5, None)
    effort, by_tactic = team_coverage_from_people(demo_settings.database_url)
    assert data["coverage"]["effort"] == effort
    assert data["coverage"]["by_tactic"] == by_tactic
    assert data["coverage"]["strategy_coverage"] == round(sum(by_tactic.values()) / effort, 3)
    page = demo_app.get(f"/team/{team}/strategy")
    assert page.status_code == 200
    assert f"{data['coverage']['strategy_coverage'] * 100:.1f}%" in page.text
    assert "Save the strategy" not in page.text
    assert "<fieldset disabled>" in page.text


def test_a_seller_of_another_team_and_a_lead_of_another_team_see_nothing(
    demo_app: TestClient,
) -> None:
    team = team_id(demo_app)
    log_in(demo_app, LEAD_SOUTH)
    assert demo_app.get(f"/team/{team}/strategy").status_code == 404
    assert demo_app.get(f"/team/{team}/strategy.yaml").status_code == 404


def test_coverage_follows_the_unsaved_edit(demo_app: TestClient, demo_settings: Settings) -> None:
    team = team_id(demo_app)  # logged in as the lead
    shown = cli_json(demo_settings.database_url, "strategy", "show", "--team", TEAM)
    effort, by_tactic = team_coverage_from_people(demo_settings.database_url)
    form = form_of(shown)
    listen = form["tactic_name"].index("Listen and respond")
    form["tactic_serves"][listen] = ""  # the tactic serves no goal any more
    response = demo_app.post(f"/team/{team}/strategy/coverage", data=form, headers=csrf(demo_app))
    assert response.status_code == 200
    covered = sum(by_tactic.values()) - by_tactic["Listen and respond"]
    share = round(covered / effort, 3)
    assert f'<span id="strategy-coverage">{share * 100:.1f}%</span>' in response.text
    assert '<th scope="row">Listen and respond</th>' not in response.text
    assert f"({effort:,} activities over" in response.text
    form["tactic_kinds"][listen] = "posting"
    response = demo_app.post(f"/team/{team}/strategy/coverage", data=form, headers=csrf(demo_app))
    assert (
        "error: strategy form: tactics[1].kinds: unknown activity kind(s) posting" in response.text
    )


def test_coverage_fragment_and_save_are_the_leads_not_a_sellers(demo_app: TestClient) -> None:
    team = team_id(demo_app)
    log_in(demo_app, SELLER)
    headers = csrf(demo_app)
    assert demo_app.post(f"/team/{team}/strategy/coverage", headers=headers).status_code == 404
    response = demo_app.post(f"/team/{team}/strategy", data={"goal_name": "x"}, headers=headers)
    assert response.status_code == 404


def test_the_lead_saves_adds_and_removes_rows(fresh_app: TestClient, database_url: str) -> None:
    team = team_id(fresh_app)
    shown = cli_json(database_url, "strategy", "show", "--team", TEAM)
    form = form_of(shown)
    added = fresh_app.post(
        f"/team/{team}/strategy", data={**form, "add": "goal"}, headers=csrf(fresh_app)
    )
    assert added.status_code == 200
    assert 'id="goal-name-2" name="goal_name" value=""' in added.text
    form["remove_tactic"] = "0"  # Customer stories
    form["accounts"] += "\nInitech Example"
    saved = fresh_app.post(f"/team/{team}/strategy", data=form, headers=csrf(fresh_app))
    assert saved.status_code == 303
    after = cli_json(database_url, "strategy", "show", "--team", TEAM)
    assert [t["name"] for t in after["tactics"]] == ["Listen and respond", "Pursue prospects"]
    assert after["targets"]["accounts"] == [*shown["targets"]["accounts"], "Initech Example"]
    form = form_of(after) | {"goal_outcome": ["meeting_booked", "no_such_outcome"]}
    refused = fresh_app.post(f"/team/{team}/strategy", data=form, headers=csrf(fresh_app))
    assert refused.status_code == 400
    assert "goals[1].outcome: unknown outcome kind &#39;no_such_outcome&#39;" in refused.text
    assert cli_json(database_url, "strategy", "show", "--team", TEAM) == after


def test_yaml_round_trip_and_a_bad_file(
    fresh_app: TestClient, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = team_id(fresh_app)
    shown = cli_json(database_url, "strategy", "show", "--team", TEAM)
    download = fresh_app.get(f"/team/{team}/strategy.yaml")
    assert download.status_code == 200
    assert 'filename="strategy-team-north.yaml"' in download.headers["content-disposition"]
    assert yaml.safe_load(download.text) == shown
    changed = download.text.replace("3 a week", "twice a week")
    files = {"file": ("north.yaml", changed.encode(), "application/yaml")}
    loaded = fresh_app.post(f"/team/{team}/strategy/yaml", files=files, headers=csrf(fresh_app))
    assert loaded.status_code == 303
    after = cli_json(database_url, "strategy", "show", "--team", TEAM)
    assert after["tactics"][0]["cadence"] == "twice a week"
    assert yaml.safe_load(fresh_app.get(f"/team/{team}/strategy.yaml").text) == after

    monkeypatch.chdir(tmp_path)
    Path("bad.yaml").write_text("team: Team North\ngoals: [\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", database_url, "strategy", "load", "bad.yaml"])
    assert result.exit_code == 2
    cli_error = result.stderr.strip()
    files = {"file": ("bad.yaml", Path("bad.yaml").read_bytes(), "application/yaml")}
    refused = fresh_app.post(f"/team/{team}/strategy/yaml", files=files, headers=csrf(fresh_app))
    assert refused.status_code == 400
    assert cli_error.startswith("error: bad.yaml:3: not valid YAML")
    assert f'<p role="alert" class="error">{cli_error}</p>' in unescape(refused.text)
    south = changed.replace("team: Team North", "team: Team South").encode()
    files = {"file": ("south.yaml", south, "application/yaml")}
    refused = fresh_app.post(f"/team/{team}/strategy/yaml", files=files, headers=csrf(fresh_app))
    assert refused.status_code == 400
    assert "error: south.yaml: the file is the strategy of &#39;Team South&#39;" in refused.text
    assert cli_json(database_url, "strategy", "show", "--team", TEAM) == after
    for name in ("..", "../..", "."):  # a name that is a folder, not a file
        files = {"file": (name, download.text.encode(), "application/yaml")}
        loaded = fresh_app.post(f"/team/{team}/strategy/yaml", files=files, headers=csrf(fresh_app))
        assert loaded.status_code == 303, (name, loaded.text)
        assert cli_json(database_url, "strategy", "show", "--team", TEAM) == shown
        files = {"file": (name, b"team: [\n", "application/yaml")}
        refused = fresh_app.post(
            f"/team/{team}/strategy/yaml", files=files, headers=csrf(fresh_app)
        )
        assert refused.status_code == 400
        assert "error: upload-1:2: not valid YAML" in refused.text


def _own(settings: Settings, person: str) -> dict[str, Any]:
    """``ascent people --json``'s coverage of one person on DEMO_DAY."""
    with unit_of_work(settings) as uow:
        (row,) = [r.to_dict() for r in people_reports(uow, as_of=DEMO_DAY, person=person)]
    keys = ("strategy_coverage", "effort", "by_tactic", "tactics_without_strategy")
    return {key: row[key] for key in keys}


def test_a_team_of_two_hides_its_coverage_and_a_seller_sees_only_their_own(
    fresh_app: TestClient, database_url: str
) -> None:
    """North trimmed to Sam and Pat: its total less Sam's would be Pat's own effort."""
    settings = Settings(database_url, explicit_database=True)
    team = team_id(fresh_app)
    with unit_of_work(settings, write=True) as uow:
        south = uow.session.scalar(select(Person.team_id).where(Person.name == "Uma Under"))
        kept = ("Sam Steady", "Pat Pusher")
        uow.session.execute(
            update(Person)
            .where(Person.team_id == team, Person.name.not_in(kept))
            .values(team_id=south)
        )
        uow.commit()
        sam = uow.session.scalar(select(Person.id).where(Person.name == "Sam Steady"))
    assert sam is not None
    reason = "fewer than 5 people with effort in the 28 days"
    for who in (SELLER, LEAD_NORTH):
        log_in(fresh_app, who)
        data = fresh_app.get(f"/team/{team}/strategy.json").json()
        assert (data["coverage"], data["coverage_hidden_reason"]) == (None, reason)
        page = fresh_app.get(f"/team/{team}/strategy").text
        assert f"<strong>Hidden: {reason}.</strong>" in page
        assert 'id="strategy-coverage"' not in page
    form = form_of(cli_json(database_url, "strategy", "show", "--team", TEAM))
    live = fresh_app.post(f"/team/{team}/strategy/coverage", data=form, headers=csrf(fresh_app))
    assert (live.status_code, f"Hidden: {reason}." in live.text) == (200, True)

    sams, pats = _own(settings, SELLER), _own(settings, "Pat Pusher")
    with unit_of_work(settings) as uow:
        seen = strategy_page(uow, team_id=team, as_of=DEMO_DAY, may_save=False, viewer_person=sam)
        assert seen.to_dict()["own_coverage"] == {"person_id": sam, "person": "Sam Steady"} | sams
        assert seen.to_dict()["coverage"] is None
        lead = strategy_page(uow, team_id=team, as_of=DEMO_DAY, may_save=True)
        assert lead.to_dict()["own_coverage"] is None
    with unit_of_work(settings, write=True) as uow:
        set_org_settings(uow, changes={"k_anonymity": "2"})
    with unit_of_work(settings) as uow:
        seen = strategy_page(uow, team_id=team, as_of=DEMO_DAY, may_save=False, viewer_person=sam)
    both = seen.to_dict()
    assert both["coverage_hidden_reason"] is None
    assert both["coverage"]["effort"] == sams["effort"] + pats["effort"]
    assert both["own_coverage"]["effort"] == sams["effort"]
