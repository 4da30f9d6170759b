"""The programme report page (``/team/{id}/report``): the very HTML ``ascent report -o`` writes,
shown inline or saved with ``?download=1``; its twin is what ``ascent report --json`` prints;
only the team's lead and admins see it; bad days answer with the one error shape."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ascent.bootstrap import unit_of_work
from ascent.cli.app import app
from ascent.service.results import team_id_named
from ascent.settings import Settings
from web_demo import ADMIN, LEAD_NORTH, LEAD_SOUTH, SELLER, log_in

NORTH = "Team North"
DAYS = {"from": "2026-10-05", "to": "2026-11-16"}
HEADINGS = (
    "Phases over time",
    "Habits",
    "Pursuits",
    "Attribution",
    "Uplift",
    "Replication",
    "Market",
    "Who needs a conversation",
)


@pytest.fixture
def north(demo_settings: Settings) -> int:
    with unit_of_work(demo_settings) as uow:
        return team_id_named(uow, team=NORTH)


def _cli(settings: Settings, target: Path) -> dict[str, Any]:
    """``ascent report --json`` for North over ``DAYS``, writing ``target``."""
    result = CliRunner().invoke(
        app,
        [
            "--db",
            settings.database_url,
            "report",
            "--team",
            NORTH,
            "--from",
            DAYS["from"],
            "--to",
            DAYS["to"],
            "-o",
            str(target),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _same_drawing(document: str) -> str:
    """``document`` with each chart's SVG decoded and Vega's gradient ids (a counter that
    runs on from one drawing to the next in a process) numbered from 0 in each chart."""

    def decoded(found: re.Match[str]) -> str:
        drawing = base64.b64decode(found.group(1)).decode("utf-8")
        ids: dict[str, str] = {}
        return re.sub(r"gradient_\d+", lambda g: ids.setdefault(g[0], f"g{len(ids)}"), drawing)

    return re.sub(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", decoded, document)


def test_the_page_is_the_file_the_cli_writes_and_the_twin_its_json(
    demo_app: TestClient, demo_settings: Settings, north: int, tmp_path: Path
) -> None:
    target = tmp_path / "report.html"
    printed = _cli(demo_settings, target)
    client = log_in(demo_app, LEAD_NORTH)
    page = client.get(f"/team/{north}/report", params=DAYS)
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["content-disposition"] == (
        f'inline; filename="programme-report-team-{north}-2026-10-05-2026-11-16.html"'
    )
    assert _same_drawing(page.text) == _same_drawing(target.read_text(encoding="utf-8"))
    for heading in HEADINGS:
        assert f'-title">{heading}</h2>' in page.text, heading
    assert page.text.count('<section id="') == len(HEADINGS)
    twin = client.get(f"/team/{north}/report.json", params=DAYS)
    assert twin.status_code == 200
    assert printed.pop("output") == str(target)
    assert twin.json() == printed
    assert (printed["team"], printed["first_day"], printed["last_day"]) == (
        {"id": north, "name": NORTH},
        "2026-10-05",
        "2026-11-16",
    )
    assert [s["title"] for s in printed["sections"]] == list(HEADINGS)


def test_the_app_policy_lets_the_report_show_and_runs_no_script(
    demo_app: TestClient, north: int
) -> None:
    """The report's inline CSS and ``data:`` charts are allowed; inline scripts are not."""
    client = log_in(demo_app, ADMIN)
    page = client.get(f"/team/{north}/report", params=DAYS)
    assert page.status_code == 200
    policy = dict(
        rule.strip().split(" ", 1) for rule in page.headers["content-security-policy"].split(";")
    )
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["img-src"] == "'self' data:"
    assert "'unsafe-inline'" not in policy["script-src"]
    assert '<img class="chart" src="data:image/svg+xml;base64,' in page.text
    assert "<script" not in page.text


def test_the_days_default_to_the_12_weeks_up_to_the_pages_day(
    demo_app: TestClient, north: int
) -> None:
    client = log_in(demo_app, LEAD_NORTH)
    data = client.get(f"/team/{north}/report.json").json()
    assert (data["first_day"], data["last_day"]) == ("2026-09-14", "2026-11-30")
    data = client.get(f"/team/{north}/report.json", params={"as_of": "2026-11-18"}).json()
    assert (data["first_day"], data["last_day"]) == ("2026-08-31", "2026-11-18")
    data = client.get(f"/team/{north}/report.json", params={"to": "2026-11-18"}).json()
    assert (data["first_day"], data["last_day"]) == ("2026-08-31", "2026-11-18")


def test_the_download_variant_is_an_attachment(demo_app: TestClient, north: int) -> None:
    client = log_in(demo_app, LEAD_NORTH)
    saved = client.get(f"/team/{north}/report", params=DAYS | {"download": "1"})
    assert saved.status_code == 200
    assert saved.headers["content-disposition"] == (
        f'attachment; filename="programme-report-team-{north}-2026-10-05-2026-11-16.html"'
    )
    assert saved.text.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ({"from": "2026-13-01"}, "from '2026-13-01' is not a date (use YYYY-MM-DD)"),
        ({"to": "30/11/2026"}, "to '30/11/2026' is not a date (use YYYY-MM-DD)"),
        (
            {"from": "2026-11-20", "to": "2026-11-10"},
            "from 2026-11-20 is after to 2026-11-10",
        ),
        (
            {"to": "2028-01-01"},
            "to 2028-01-01: give a day from 1990-01-01 to 2027-11-30 (a year ahead)",
        ),
    ],
)
def test_bad_days_answer_with_the_error_shape(
    demo_app: TestClient, north: int, days: dict[str, str], message: str
) -> None:
    client = log_in(demo_app, LEAD_NORTH)
    twin = client.get(f"/team/{north}/report.json", params=days)
    assert twin.status_code == 400
    assert twin.json() == {
        "error": {"type": "config_error", "message": message, "file": None, "line": None}
    }
    page = client.get(f"/team/{north}/report", params=days)
    assert page.status_code == 400
    assert "content-disposition" not in page.headers
    assert message.replace("'", "&#39;") in page.text


def test_only_the_teams_lead_and_admins_see_it(demo_app: TestClient, north: int) -> None:
    assert demo_app.get(f"/team/{north}/report.json").status_code == 401
    anonymous = demo_app.get(f"/team/{north}/report", params=DAYS)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith(f"/login?next=/team/{north}/report")
    for who in (SELLER, LEAD_SOUTH):
        client = log_in(demo_app, who)
        for path in (f"/team/{north}/report", f"/team/{north}/report.json"):
            hidden = client.get(path, params=DAYS | {"download": "1"})
            assert hidden.status_code == 404, (who, path)
            assert "content-disposition" not in hidden.headers
    client = log_in(demo_app, LEAD_NORTH)
    assert client.get("/team/999999/report.json").status_code == 404


def test_the_lead_home_links_the_report_of_its_day(demo_app: TestClient, north: int) -> None:
    client = log_in(demo_app, LEAD_NORTH)
    home = client.get(f"/team/{north}", params={"as_of": "2026-11-18"})
    assert home.status_code == 200
    assert f'<a href="/team/{north}/report?to=2026-11-18">Programme report</a>' in home.text
