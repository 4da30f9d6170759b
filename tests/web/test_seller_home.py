"""The seller's home: the same plan and measures as the services, the weakest piece named, the
habit calendar, "done" and the log form recording through the Ascent CSV import."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from markupsafe import escape
from sqlalchemy import create_engine, text

from ascent.bootstrap import unit_of_work
from ascent.domain.vocabulary import EFFORT_KINDS
from ascent.service.person import person_report
from ascent.service.pursuits import pursuit_rows
from ascent.service.today import today_plan
from ascent.settings import Settings
from web_demo import DEMO_DAY, SELLER, csrf, log_in

SOUTH_SELLER = "stella.constant@demo.example"
DAY = DEMO_DAY.isoformat()


def home_id(client: TestClient) -> int:
    """The logged-in seller's person id: where "/" sends them."""
    location = client.get("/").headers["location"]
    match = re.fullmatch(r"/seller/(\d+)", location)
    assert match, location
    return int(match.group(1))


def twin(client: TestClient, pid: int) -> dict[str, Any]:
    response = client.get(f"/seller/{pid}.json")
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def chart_values(page: str, chart_id: str) -> list[dict[str, Any]]:
    """The data of a chart's Vega-Lite spec, as the page embeds it."""
    found = re.search(rf'data-chart="{chart_id}">(.*?)</script>', page, re.S)
    assert found, chart_id
    values: list[dict[str, Any]] = json.loads(found.group(1))["data"]["values"]
    return values


def effort_by_day(url: str) -> dict[str, int]:
    """Sam Steady's effort actions per day, summed straight from the activity_days rollup."""
    kinds = ", ".join(f"'{k}'" for k in sorted(EFFORT_KINDS))
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT a.day, SUM(a.n) FROM activity_days a JOIN people p ON p.id = a.person_id "
                f"WHERE p.email = :email AND a.kind IN ({kinds}) GROUP BY a.day"
            ),
            {"email": SELLER},
        ).all()
    engine.dispose()
    return {str(day)[:10]: int(n) for day, n in rows}


def table_count(url: str, table: str) -> int:
    engine = create_engine(url)
    with engine.connect() as connection:
        n = connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
    engine.dispose()
    return int(n)


def test_home_shows_what_the_services_say(demo_app: TestClient, demo_settings: Settings) -> None:
    log_in(demo_app, SELLER)
    pid = home_id(demo_app)
    data = twin(demo_app, pid)
    with unit_of_work(demo_settings) as uow:
        plan = today_plan(uow, person=SELLER, as_of=DEMO_DAY).to_dict()
        report = person_report(uow, person=SELLER, as_of=DEMO_DAY).to_dict()
    assert data["plan"] == plan
    assert [i["contact_id"] is not None for i in plan["items"]] == [True] * 4 + [False] * 2
    assert data["person"] == "Sam Steady"
    assert data["phase"] == report["phase"] == "success"
    assert (data["jigsaw"], data["additive"]) == (report["jigsaw"], report["additive"])
    assert data["pillars"] == report["pillars"]
    assert data["habit"] == report["habit"]
    assert data["weakest"] == {
        "pillar": "profile",
        "score": report["pillars"]["profile"],
        "advice": "Rewrite your headline and summary for your customer: whom you help and "
        "with what, in their words.",
        "note": None,
    }
    assert report["weakest_pillar"] == "profile"
    days = data["heatmap"]["days"]
    first = DEMO_DAY - timedelta(days=181)
    assert [d["day"] for d in days] == [(first + timedelta(days=n)).isoformat() for n in range(182)]
    effort = effort_by_day(demo_settings.database_url)
    assert [d["n"] for d in days] == [effort.get(d["day"], 0) for d in days]
    assert sum(d["n"] for d in days) > 0
    # every follow-up has the contact "done" touches: one of Sam's due pursuits of that name
    with unit_of_work(demo_settings) as uow:
        due = {
            (r.contact, r.pursuit.contact_id)
            for r in pursuit_rows(uow, as_of=DEMO_DAY, person=SELLER, due_only=True)
        }
    follow_ups = [i for i in data["plan"]["items"] if i["kind"] == "follow_up"]
    assert len(follow_ups) == 4
    assert {(i["contact"], i["contact_id"]) for i in follow_ups} <= due

    page = demo_app.get(f"/seller/{pid}").text
    for item in plan["items"]:
        assert escape(item["text"]) in page
    assert page.count('name="contact_id"') == 4
    assert "<strong>Weakest piece: profile</strong>" in page
    assert f"Your jigsaw: {report['jigsaw']:.1f}</h2>" in page
    for name, score in report["pillars"].items():
        assert re.search(rf'{name}( \(weakest\))?</th>\s*<td class="num">{score:.2f}</td>', page)
    for mode, strength in report["habit"].items():
        assert f'<th scope="row">{mode}</th><td class="num">{strength:.2f}</td>' in page
    cells = chart_values(page, "heatmap-chart")
    assert [(c["day"], c["n"]) for c in cells] == [(d["day"], d["n"]) for d in days]


def test_log_refuses_bad_input_then_records_a_coffee(
    fresh_app: TestClient, database_url: str
) -> None:
    log_in(fresh_app, SELLER)
    pid = home_id(fresh_app)
    before = twin(fresh_app, pid)
    counts = {t: table_count(database_url, t) for t in ("activities", "outcomes", "import_batches")}
    token = fresh_app.cookies["csrftoken"]
    good = {"kind": "coffee", "contact": "Ada Example", "day": DAY, "csrftoken": token}
    refusals = {
        "unknown kind 'tea': log one of coffee, call, meeting, deal_won, deal_lost": {
            "kind": "tea"
        },
        "day '2026-13-01' is not a date (use YYYY-MM-DD)": {"day": "2026-13-01"},
        "say with whom: the contact's name is empty": {"contact": "  "},
        "2026-12-01 is after 2026-11-30: log what has happened": {"day": "2026-12-01"},
        "unreadable amount 'lots' (use a plain number like 12000.50)": {
            "kind": "deal_won",
            "amount": "lots",
        },
    }
    for message, change in refusals.items():
        response = fresh_app.post(f"/seller/{pid}/log", data=good | change)
        assert response.status_code == 400, message
        assert (
            f'<p role="alert" class="error" id="log-error">{escape(message)}</p>' in response.text
        )
        if "contact" not in change:
            assert 'value="Ada Example"' in response.text  # the form keeps what was typed
    assert {t: table_count(database_url, t) for t in counts} == counts

    response = fresh_app.post(f"/seller/{pid}/log", data=good)
    assert response.status_code == 303
    assert response.headers["location"] == f"/seller/{pid}#logged"
    again = fresh_app.post(f"/seller/{pid}/log", data=good)  # sent twice: one coffee
    assert again.status_code == 400
    already = (
        f"already logged: coffee with Ada Example on {DAY} "
        "(a second one that day? say what it was about in the note)"
    )
    assert f'<p role="alert" class="error" id="log-error">{escape(already)}</p>' in again.text
    assert table_count(database_url, "activities") == counts["activities"] + 1
    assert table_count(database_url, "import_batches") == counts["import_batches"] + 1

    after = twin(fresh_app, pid)
    today_before, today_after = before["heatmap"]["days"][-1], after["heatmap"]["days"][-1]
    assert today_after == {"day": DAY, "n": today_before["n"] + 1}
    assert after["heatmap"]["days"][:-1] == before["heatmap"]["days"][:-1]
    assert after["logged"] == [
        {
            "day": DAY,
            "kind": "coffee",
            "contact": "Ada Example",
            "amount": None,
            "text": "coffee with Ada Example",
        }
    ]
    page = fresh_app.get(f"/seller/{pid}").text
    assert f"<li>{DAY}: logged coffee with Ada Example</li>" in page
    assert f'<td class="num" data-day="{DAY}">{today_after["n"]}</td>' in page


def test_done_records_one_touch_of_the_pursuit(fresh_app: TestClient, database_url: str) -> None:
    log_in(fresh_app, SELLER)
    pid = home_id(fresh_app)
    item = next(i for i in twin(fresh_app, pid)["plan"]["items"] if i["kind"] == "follow_up")
    settings = Settings(database_url, explicit_database=True)

    def pursuit() -> dict[str, Any]:
        with unit_of_work(settings) as uow:
            rows = pursuit_rows(uow, as_of=DEMO_DAY, person=SELLER)
        (row,) = [r for r in rows if r.pursuit.contact_id == item["contact_id"]]
        return row.to_dict()

    before = pursuit()
    form = {"contact_id": str(item["contact_id"])}
    response = fresh_app.post(
        f"/seller/{pid}/done", data=form, headers=csrf(fresh_app) | {"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response.text == '<span class="done" role="status">done ✓</span>'
    after = pursuit()
    assert after["touches"] == before["touches"] + 1
    assert (after["last_touch"], after["due"], after["contact"]) == (DAY, False, item["contact"])

    # without JS the form posts and goes back home; the same day's "done" is the same touch
    plain = fresh_app.post(f"/seller/{pid}/done?as_of={DAY}", data=form, headers=csrf(fresh_app))
    assert plain.status_code == 303
    assert plain.headers["location"] == f"/seller/{pid}?as_of={DAY}"
    assert pursuit()["touches"] == before["touches"] + 1
    ids = [i["contact_id"] for i in twin(fresh_app, pid)["plan"]["items"]]
    assert item["contact_id"] not in ids


def test_a_seller_cannot_see_another_sellers_home(
    demo_app: TestClient, demo_settings: Settings
) -> None:
    engine = create_engine(demo_settings.database_url)
    with engine.connect() as connection:
        south = connection.execute(
            text("SELECT id FROM people WHERE email = :e"), {"e": SOUTH_SELLER}
        ).scalar_one()
    engine.dispose()
    log_in(demo_app, SELLER)
    assert demo_app.get(f"/seller/{south}").status_code == 404
    response = demo_app.get(f"/seller/{south}.json")
    assert response.status_code == 404
    assert response.json()["error"]["type"] == "hidden"
