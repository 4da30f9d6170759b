"""The pursuits page against ``ascent pursuits --json`` for Sam Steady on the demo's last day:
each filter keeps exactly the rows whose status or flag the service gives, each sort orders
them, and contacts are merged and split from the page — only contacts of Sam's pursuits."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from ascent.bootstrap import unit_of_work
from ascent.service.contacts import show_contact
from ascent.service.pursuits import pursuit_rows
from ascent.settings import Settings
from ascent.store.models import Contact
from web_demo import DEMO_DAY, SELLER, csrf, log_in

JSON = {"accept": "application/json"}
#: Sam Steady's pursuits on DEMO_DAY, per filter
COUNTS = {"due": 12, "cold": 131, "over_touching": 0, "quit_too_early": 109, "all": 183}


def sam(client: TestClient) -> int:
    log_in(client, SELLER)
    match = re.fullmatch(r"/seller/(\d+)", client.get("/").headers["location"])
    assert match
    return int(match.group(1))


def service_rows(settings: Settings, *, due_only: bool = False) -> list[dict[str, Any]]:
    """``ascent pursuits --person sam.steady [--due] --json`` on DEMO_DAY."""
    with unit_of_work(settings) as uow:
        rows = pursuit_rows(uow, as_of=DEMO_DAY, person=SELLER, due_only=due_only)
        return [r.to_dict() for r in rows]


def ids(rows: list[dict[str, Any]]) -> set[int]:
    return {r["contact_id"] for r in rows}


@pytest.mark.parametrize("name", list(COUNTS))
def test_each_filter_keeps_the_rows_the_service_flags(
    demo_app: TestClient, demo_settings: Settings, name: str
) -> None:
    pid = sam(demo_app)
    data = demo_app.get(f"/person/{pid}/pursuits.json?filter={name}").json()
    every = service_rows(demo_settings)
    expected = {
        "due": service_rows(demo_settings, due_only=True),
        "cold": [r for r in every if r["status"] == "gone_cold"],
        "over_touching": [r for r in every if "over_touching" in r["flags"]],
        "quit_too_early": [r for r in every if "quit_too_early" in r["flags"]],
        "all": every,
    }[name]
    assert data["filter"] == name
    assert data["counts"] == COUNTS
    assert len(data["pursuits"]) == COUNTS[name]
    assert ids(data["pursuits"]) == ids(expected)
    by_id = {r["contact_id"]: r for r in expected}
    assert all(row == by_id[row["contact_id"]] for row in data["pursuits"])


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("next_touch_due", lambda r: (r["next_touch_due"] is None, r["next_touch_due"] or "")),
        ("touches", lambda r: -r["touches"]),
        ("last_touch", lambda r: r["last_touch"]),
        ("contact", lambda r: (r["contact"] or "").lower()),
    ],
)
def test_each_sort_orders_the_rows(demo_app: TestClient, sort: str, key: Any) -> None:
    pid = sam(demo_app)
    rows = demo_app.get(f"/person/{pid}/pursuits.json?filter=all&sort={sort}").json()["pursuits"]
    assert len(rows) == COUNTS["all"]
    assert [key(r) for r in rows] == sorted(key(r) for r in rows)


def test_the_page_shows_the_filter_form_and_the_rows(demo_app: TestClient) -> None:
    pid = sam(demo_app)
    data = demo_app.get(f"/person/{pid}/pursuits.json").json()
    page = demo_app.get(f"/person/{pid}/pursuits").text
    assert data["filter"] == "due"
    assert data["sort"] == "next_touch_due"
    assert '<option value="due" selected>next touch due (12)</option>' in page
    assert '<option value="cold">gone cold (131)</option>' in page
    assert '<label for="filter">' in page
    assert 'hx-get="/person/' in page
    shown = re.findall(r'<tr data-contact-id="(\d+)">', page)
    assert [int(i) for i in shown] == [r["contact_id"] for r in data["pursuits"]]
    dues = re.findall(r"<td>(\d{4}-\d\d-\d\d) <strong>\(due\)</strong></td>", page)
    assert dues == [r["next_touch_due"] for r in data["pursuits"]]


def test_an_unknown_filter_is_the_one_error(demo_app: TestClient) -> None:
    pid = sam(demo_app)
    response = demo_app.get(f"/person/{pid}/pursuits.json?filter=hot")
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "config_error"
    assert response.json()["error"]["message"].startswith("unknown filter 'hot'")


def outside_contact(settings: Settings) -> int:
    """A contact of the demo that is in none of Sam Steady's pursuits."""
    mine = ids(service_rows(settings))
    with unit_of_work(settings) as uow:
        every = set(uow.session.scalars(select(Contact.id)))
    return min(every - mine)


def test_a_contact_outside_the_persons_pursuits_is_refused_as_missing(
    demo_app: TestClient, demo_settings: Settings
) -> None:
    pid = sam(demo_app)
    mine = min(ids(service_rows(demo_settings)))
    outside = outside_contact(demo_settings)
    answers = {}
    for other in (str(outside), "999999999"):
        form = {"into": str(mine), "other": other}
        response = demo_app.post(
            f"/person/{pid}/contacts/merge", data=form, headers=csrf(demo_app) | JSON
        )
        answers[other] = (response.status_code, response.json())
    assert answers[str(outside)][0] == answers["999999999"][0] == 404
    refused, missing = answers[str(outside)][1], answers["999999999"][1]
    assert refused == {
        "error": {
            **missing["error"],
            "message": missing["error"]["message"].replace("999999999", str(outside)),
        }
    }
    split = {"contact": str(outside), "identities": "x:@nobody", "name": ""}
    page = demo_app.post(f"/person/{pid}/contacts/split", data=split, headers=csrf(demo_app))
    assert page.status_code == 404
    assert f"no contact &#39;{outside}&#39;" in page.text
    assert "Pursuits of Sam Steady" in page.text


def test_the_same_contact_twice_is_the_one_line_error_on_the_page(
    demo_app: TestClient, demo_settings: Settings
) -> None:
    pid = sam(demo_app)
    mine = str(min(ids(service_rows(demo_settings))))
    form = {"into": mine, "other": mine}
    page = demo_app.post(f"/person/{pid}/contacts/merge", data=form, headers=csrf(demo_app))
    assert page.status_code == 400
    alert = re.search(r'<p role="alert" class="error">(.*?)</p>', page.text)
    assert alert
    assert alert.group(1) == f"&#39;{mine}&#39; and &#39;{mine}&#39; are the same contact ({mine})"
    assert len(service_rows(demo_settings)) == COUNTS["all"]


def test_merge_two_contacts_then_split_them_back(fresh_app: TestClient, database_url: str) -> None:
    settings = Settings(database_url, explicit_database=True)
    pid = sam(fresh_app)
    into, other = sorted(ids(service_rows(settings)))[:2]
    with unit_of_work(settings) as uow:
        moved = [i["value"] for i in show_contact(uow, contact=str(other)).exact_identities]
        name = show_contact(uow, contact=str(other)).name
    assert moved
    form = {"into": str(into), "other": str(other)}
    url = f"/person/{pid}/contacts/merge?filter=all&sort=contact"
    merged = fresh_app.post(url, data=form, headers=csrf(fresh_app))
    assert merged.status_code == 303
    location = merged.headers["location"]
    assert location == f"/person/{pid}/pursuits?done=merged&filter=all&sort=contact"
    after = fresh_app.get(location)
    assert "The two contacts are one contact now." in after.text
    rows = fresh_app.get(f"/person/{pid}/pursuits.json?filter=all").json()["pursuits"]
    assert len(rows) == COUNTS["all"] - 1
    assert into in ids(rows)
    assert other not in ids(rows)

    chooser = fresh_app.get(f"/person/{pid}/pursuits?contact={into}")
    boxes = re.findall(
        r'<input type="checkbox" id="identity-\d+" name="identities" value="([^"]+)">', chooser.text
    )
    assert set(moved) < set(boxes)
    split = {"contact": str(into), "identities": moved, "name": name or ""}
    done = fresh_app.post(f"/person/{pid}/contacts/split", data=split, headers=csrf(fresh_app))
    assert done.status_code == 303
    assert done.headers["location"] == f"/person/{pid}/pursuits?done=split"
    rows = fresh_app.get(f"/person/{pid}/pursuits.json?filter=all").json()["pursuits"]
    assert len(rows) == COUNTS["all"]
    assert {r["contact"] for r in rows} == {r["contact"] for r in service_rows(settings)}
    assert name in {r["contact"] for r in rows}


def test_choosing_a_contact_to_split_shows_its_identities(
    demo_app: TestClient, demo_settings: Settings
) -> None:
    pid = sam(demo_app)
    mine = min(ids(service_rows(demo_settings)))
    data = demo_app.get(f"/person/{pid}/pursuits.json?contact={mine}").json()
    with unit_of_work(demo_settings) as uow:
        assert data["split_contact"] == show_contact(uow, contact=str(mine)).to_dict()
    page = demo_app.get(f"/person/{pid}/pursuits?contact={mine}").text
    values = [i["value"] for i in data["split_contact"]["identities"]]
    assert re.findall(r'name="identities" value="([^"]+)"', page) == values
    assert f'<input type="hidden" name="contact" value="{mine}">' in page
    outside = outside_contact(demo_settings)
    refused = demo_app.get(f"/person/{pid}/pursuits.json?contact={outside}")
    assert refused.status_code == 404
    assert refused.json()["error"]["message"] == (
        f"no contact '{outside}' (give an id, a profile URL, e-mail or handle)"
    )


def test_a_split_without_identities_is_the_one_line_error(
    demo_app: TestClient, demo_settings: Settings
) -> None:
    pid = sam(demo_app)
    mine = str(min(ids(service_rows(demo_settings))))
    page = demo_app.post(
        f"/person/{pid}/contacts/split", data={"contact": mine}, headers=csrf(demo_app)
    )
    assert page.status_code == 400
    assert (
        '<p role="alert" class="error">choose at least one identity to move to the new contact</p>'
        in page.text
    )
