"""The person page and its twin against ``ascent person``'s report for Sam Steady on the
demo's last day: the phase of every week, the reasons for its changes, the charts' numbers in
words and tables, and the pursuits due first."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ascent.bootstrap import unit_of_work
from ascent.domain.vocabulary import MODES, mode_of
from ascent.service.person import person_report
from ascent.service.pursuits import pursuit_rows
from ascent.settings import Settings
from web_demo import DEMO_DAY, LEAD_NORTH, LEAD_SOUTH, SELLER, log_in

JSON = {"accept": "application/json"}
#: Sam Steady's weeks from the programme start (2026-06-02) to DEMO_DAY and where they change
WEEKS = 27
CHANGES = [
    ("2026-06-01", "uninformed_optimism"),
    ("2026-06-15", "informed_optimism"),
    ("2026-06-22", "success"),
]
#: (week, listen, push) of Sam's first three and last three weeks
LISTEN_PUSH_FIRST = [("2026-06-01", 28, 1), ("2026-06-08", 35, 4), ("2026-06-15", 35, 3)]
LISTEN_PUSH_LAST = [("2026-11-16", 23, 3), ("2026-11-23", 37, 3), ("2026-11-30", 0, 0)]


def sam(client: TestClient) -> int:
    """Log in as Sam Steady; his person id (his home is /seller/<id>)."""
    log_in(client, SELLER)
    match = re.fullmatch(r"/seller/(\d+)", client.get("/").headers["location"])
    assert match
    return int(match.group(1))


@pytest.fixture(scope="module")
def report(demo_settings: Settings) -> dict[str, Any]:
    """``ascent person sam.steady --json`` (with its timeline) on DEMO_DAY."""
    with unit_of_work(demo_settings) as uow:
        return person_report(uow, person=SELLER, as_of=DEMO_DAY).to_dict(timeline=True)


def test_the_twin_is_the_person_report_with_the_pages_extras(
    demo_app: TestClient, report: dict[str, Any]
) -> None:
    pid = sam(demo_app)
    data = demo_app.get(f"/person/{pid}.json").json()
    extras = {"person_id", "phase_changes", "listen_push_weeks", "activity_by_channel"}
    extras |= {"post_scores", "latest_posts"}  # the content coach's view of their posts
    assert set(data) - set(report) == extras | {"top_pursuits"}
    assert {k: data[k] for k in report} == report
    assert data["person_id"] == pid
    assert [w["phase"] for w in data["timeline"]] == [w["phase"] for w in report["timeline"]]
    assert len(data["timeline"]) == WEEKS
    assert [(w["week"], w["phase"]) for w in data["phase_changes"]] == CHANGES
    reasons = {w["week"]: w["reason"] for w in report["timeline"]}
    assert [w["reason"] for w in data["phase_changes"]] == [reasons[w] for w, _ in CHANGES]


def test_listening_pushing_and_channels_add_up_to_the_report(
    demo_app: TestClient, report: dict[str, Any]
) -> None:
    pid = sam(demo_app)
    data = demo_app.get(f"/person/{pid}.json").json()
    weeks = [(w["week"], w["listen"], w["push"]) for w in data["listen_push_weeks"]]
    assert [w for w, _, _ in weeks] == [w["week"] for w in report["timeline"]]
    assert weeks[:3] == LISTEN_PUSH_FIRST
    assert weeks[-3:] == LISTEN_PUSH_LAST
    by_mode = dict.fromkeys(MODES, 0)
    for row in data["activity_by_channel"]:
        by_mode[mode_of(row["kind"])] += row["n"]
    assert (
        by_mode
        == report["counts"]
        == {
            "publish": 13,
            "engage": 119,
            "converse": 77,
            "connect": 27,
            "meet": 0,
        }
    )
    assert data["activity_by_channel"][0] == {"channel": "linkedin", "kind": "reaction", "n": 85}


def test_the_pursuits_listed_are_the_ten_due_first(
    demo_app: TestClient, demo_settings: Settings
) -> None:
    pid = sam(demo_app)
    data = demo_app.get(f"/person/{pid}.json").json()
    with unit_of_work(demo_settings) as uow:
        rows = [r.to_dict() for r in pursuit_rows(uow, as_of=DEMO_DAY, person=SELLER)]
    due = sorted(
        (r for r in rows if r["next_touch_due"]),
        key=lambda r: (r["next_touch_due"], (r["contact"] or "").lower(), r["contact_id"]),
    )
    assert data["top_pursuits"] == due[:10]
    assert [r["next_touch_due"] for r in data["top_pursuits"][:3]] == [
        "2026-11-13",
        "2026-11-16",
        "2026-11-17",
    ]
    assert all(r["due"] for r in data["top_pursuits"])


def _table(page: str, table_id: str) -> list[list[str]]:
    """The cells (tags stripped) of each body row of the table ``table_id``."""
    body = re.search(rf'<table id="{table_id}">.*?<tbody>(.*?)</tbody>', page, re.S)
    assert body, table_id
    rows = re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows]
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in row] for row in cells]


def test_the_page_says_every_chart_in_words(demo_app: TestClient) -> None:
    pid = sam(demo_app)
    data = demo_app.get(f"/person/{pid}.json").json()
    page = demo_app.get(f"/person/{pid}").text
    assert "<h1>Sam Steady</h1>" in page
    assert [r[:2] for r in _table(page, "timeline-table")] == [
        [w["week"], w["phase"].replace("_", " ")] for w in data["timeline"]
    ]
    for week in data["phase_changes"]:
        assert f"Week of {week['week']}</time>" in page
        assert week["reason"] in page
    assert _table(page, "listen-push-table") == [
        [w["week"], str(w["listen"]), str(w["push"])] for w in data["listen_push_weeks"]
    ]
    assert _table(page, "channels-table") == [
        [r["channel"], r["kind"], str(r["n"])] for r in data["activity_by_channel"]
    ]
    assert _table(page, "pillars-table") == [
        [name, f"{value * 100:.1f}"] for name, value in data["pillars"].items()
    ]
    for chart in ("chart-timeline", "chart-pillars", "chart-listen-push", "chart-channels"):
        assert f'data-chart="{chart}"' in page
    assert 'aria-label="Weekly phase on the change curve' in page
    assert f'href="/person/{pid}/pursuits"' in page


def test_the_lead_sees_the_page_and_another_lead_does_not(demo_app: TestClient) -> None:
    pid = sam(demo_app)
    log_in(demo_app, LEAD_NORTH)
    assert demo_app.get(f"/person/{pid}").status_code == 200
    log_in(demo_app, LEAD_SOUTH)
    hidden = demo_app.get(f"/person/{pid}", headers=JSON)
    assert hidden.status_code == 404
    assert hidden.json()["error"]["type"] == "hidden"


def test_an_earlier_day_is_the_report_of_that_day(
    demo_app: TestClient, demo_settings: Settings
) -> None:
    pid = sam(demo_app)
    data = demo_app.get(f"/person/{pid}?as_of=2026-06-21", headers=JSON).json()
    assert [(w["week"], w["phase"]) for w in data["phase_changes"]] == CHANGES[:2]
    with unit_of_work(demo_settings) as uow:
        day = person_report(uow, person=SELLER, as_of=DEMO_DAY.replace(month=6, day=21))
    assert data["timeline"] == day.to_dict(timeline=True)["timeline"]
