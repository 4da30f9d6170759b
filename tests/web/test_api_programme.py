"""``/api/v1/teams/{id}/strategy``, ``/results/attribution|uplift|replication`` and
``/market`` on the demo: each answers what its service (and so ``--json``) gives, with the
demo's story in it; who may read (the team's members for strategy and market, the lead and
admins for results) and who may replace a strategy (its lead, an admin, with a write token).

The strategy replaced here is Team South's; the figures read are Team North's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from api_demo import NORTH, SOUTH, ApiDemo, api_demo

from ascent.bootstrap import unit_of_work
from ascent.service import results
from ascent.service.market import market
from web_demo import DEMO_DAY

SOUTH_TARGETS = [
    "Hooli Example",
    "Vandelay Example Imports",
    "Soylent Example Corp",
    "Tyrell Example Corp",
    "Cyberdyne Example Systems",
    "Wonka Example Industries",
]


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiDemo]:
    with api_demo(tmp_path_factory.mktemp("api-programme"), "api_programme") as demo:
        yield demo


@pytest.fixture(scope="module")
def south_yaml(api: ApiDemo) -> str:
    """Team South's strategy as it was first loaded, as YAML."""
    answer = api.get("south", f"/api/v1/teams/{SOUTH}/strategy")
    assert answer.status_code == 200
    return yaml.safe_dump(answer.json(), sort_keys=False)


def _put(api: ApiDemo, who: str | None, team: int, text: str) -> Any:
    return api.call(
        "PUT",
        who,
        f"/api/v1/teams/{team}/strategy",
        content=text.encode(),
        headers={"content-type": "application/yaml"},
    )


def test_a_teams_strategy(api: ApiDemo) -> None:
    answer = api.get("sam", f"/api/v1/teams/{NORTH}/strategy")
    assert answer.status_code == 200
    doc = answer.json()
    assert (doc["team"], doc["programme_start"]) == ("Team North", None)
    assert [g["name"] for g in doc["goals"]] == [
        "Meetings in target accounts",
        "Deals won in target accounts",
    ]
    assert [t["name"] for t in doc["tactics"]] == [
        "Customer stories",
        "Listen and respond",
        "Pursue prospects",
    ]
    assert doc["tactics"][0] == {
        "name": "Customer stories",
        "serves": "Meetings in target accounts",
        "kinds": ["post", "share"],
        "channels": ["linkedin"],
        "cadence": "3 a week",
    }
    assert doc["targets"]["accounts"][0] == "Acme Example Ltd"


def test_a_lead_replaces_the_strategy_with_a_yaml_document(api: ApiDemo, south_yaml: str) -> None:
    edited = south_yaml.replace(
        "Wonka Example Industries", "Wonka Example Industries\n  - Initech Example"
    )
    edited = edited.replace("programme_start: null", "programme_start: 2026-03-02")
    answer = _put(api, "south", SOUTH, edited)
    assert answer.status_code == 200, answer.text
    assert answer.json()["targets"]["accounts"] == [*SOUTH_TARGETS, "Initech Example"]
    assert answer.json()["programme_start"] == "2026-03-02"
    assert api.get("stella", f"/api/v1/teams/{SOUTH}/strategy").json() == answer.json()
    # the JSON read back is a document to load (JSON is YAML): the round trip changes nothing
    again = _put(api, "admin", SOUTH, json.dumps(answer.json()))
    assert (again.status_code, again.json()) == (200, answer.json())
    assert _put(api, "south", SOUTH, south_yaml).status_code == 200


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "team: Team South\ngoals: [",
            "strategy.yaml:2: not valid YAML (expected the node content, but found '<stream end>')",
        ),
        (
            "team: Team North\n",
            "strategy.yaml: the file is the strategy of 'Team North', not of 'Team South'",
        ),
        (
            "team: Team South\ntactics:\n  - name: x\n    kinds: [golf]\n",
            "strategy.yaml: tactics[0].kinds: unknown activity kind(s) golf",
        ),
    ],
)
def test_a_bad_document_is_refused_and_nothing_saved(api: ApiDemo, text: str, message: str) -> None:
    before = api.get("south", f"/api/v1/teams/{SOUTH}/strategy").json()
    answer = _put(api, "south", SOUTH, text)
    assert answer.status_code == 400
    assert answer.json()["error"]["type"] == "input_error"
    assert answer.json()["error"]["message"] == message
    assert api.get("south", f"/api/v1/teams/{SOUTH}/strategy").json() == before


@pytest.mark.parametrize(
    ("who", "team", "status"),
    [
        ("sam_read", NORTH, 200),  # a seller reads their team's strategy, as on its page
        ("north_read", NORTH, 200),
        ("admin_read", SOUTH, 200),
        ("sam", SOUTH, 404),
        ("north", SOUTH, 404),
        ("stella", NORTH, 404),
        ("admin", 99, 404),
        (None, NORTH, 401),
        ("revoked", NORTH, 401),
    ],
)
def test_who_reads_a_strategy(api: ApiDemo, who: str | None, team: int, status: int) -> None:
    assert api.get(who, f"/api/v1/teams/{team}/strategy").status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("stella", 404),  # a seller only reads it
        ("north", 404),  # another team's lead
        ("admin_read", 403),
        (None, 401),
        ("revoked", 401),
    ],
)
def test_who_may_not_replace_a_strategy(
    api: ApiDemo, south_yaml: str, who: str | None, status: int
) -> None:
    before = api.get("south", f"/api/v1/teams/{SOUTH}/strategy").json()
    answer = _put(api, who, SOUTH, south_yaml.replace("Hooli Example", "Other Example"))
    assert answer.status_code == status
    assert api.get("south", f"/api/v1/teams/{SOUTH}/strategy").json() == before


def _service(api: ApiDemo, what: str) -> dict[str, Any]:
    with unit_of_work(api.settings) as uow:
        if what == "market":
            view: Any = market(uow, team_id=NORTH, as_of=DEMO_DAY)
        else:
            view = getattr(results, what)(uow, team_id=NORTH, as_of=DEMO_DAY)
        data: dict[str, Any] = view.to_dict()
        return data


@pytest.mark.parametrize("what", ["attribution", "uplift", "replication"])
def test_results_are_what_the_service_computes(api: ApiDemo, what: str) -> None:
    answer = api.get("north_read", f"/api/v1/teams/{NORTH}/results/{what}")
    assert answer.status_code == 200
    assert answer.json() == _service(api, what)


def test_results_tell_the_demos_story(api: ApiDemo) -> None:
    path = f"/api/v1/teams/{NORTH}/results"
    attribution = api.get("admin_read", f"{path}/attribution").json()
    assert (attribution["first_day"], attribution["last_day"], attribution["outcomes"]) == (
        "2026-09-02",
        "2026-11-30",
        802,
    )
    uplift = api.get("admin_read", f"{path}/uplift").json()
    assert uplift["programme"]["verdict"] == (
        "up: +0.09 outcomes a week against the control accounts (90 % interval +0.07 to +0.11)"
    )
    assert len(uplift["accounts"]) == 41
    replication = api.get("admin_read", f"{path}/replication").json()
    flagged = {s["person"]: s["up_account"] for s in replication["sellers"] if s["flags"]}
    assert flagged == {"Wanda Wonder": "Acme Example Ltd"}
    earlier = api.get("admin_read", f"{path}/attribution", as_of="2026-06-30").json()
    assert (earlier["as_of"], earlier["last_day"]) == ("2026-06-30", "2026-06-30")


def test_the_market_is_what_the_service_computes(api: ApiDemo) -> None:
    answer = api.get("sam_read", f"/api/v1/teams/{NORTH}/market")
    assert answer.status_code == 200
    data = answer.json()
    assert data == _service(api, "market")
    assert data["sources"] == {
        "feed_items": 20,
        "imported_posts": 0,
        "own_posts": 142,
        "own_posts_with_text": 142,
    }
    assert data["rising"][0] == {
        "term": "continuous close ready",
        "lang": "en",
        "this_week": 2,
        "last_week": 0,
        "change": 2,
    }


@pytest.mark.parametrize(
    ("who", "path", "status"),
    [
        ("north_read", "results/attribution", 200),
        ("admin_read", "results/replication", 200),
        ("sam_read", "results/uplift", 404),  # results are the lead's and admins'
        ("south", "results/attribution", 404),
        ("stella", "market", 404),
        ("south", "market", 404),
        ("north_read", "market", 200),
        (None, "market", 401),
        ("revoked", "results/uplift", 401),
    ],
)
def test_who_reads_results_and_market(
    api: ApiDemo, who: str | None, path: str, status: int
) -> None:
    answer = api.get(who, f"/api/v1/teams/{NORTH}/{path}")
    assert answer.status_code == status
    if status == 404:
        assert answer.json()["error"]["type"] == "hidden"


@pytest.mark.parametrize("as_of", ["2026-02-30", "1900-01-01", "2030-01-01"])
def test_a_bad_day_is_400(api: ApiDemo, as_of: str) -> None:
    answer = api.get("north_read", f"/api/v1/teams/{NORTH}/results/uplift", as_of=as_of)
    assert (answer.status_code, answer.json()["error"]["type"]) == (400, "config_error")
