"""The pursuits page against ``ascent pursuits --json`` for Sam Steady on the demo's last day:
each filter keeps exactly the rows whose status or flag the service gives, each sort orders
them, and contacts are merged and split from the page — only contacts of Sam's pursuits."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from ascent.bootstrap import unit_of_work
from ascent.service.contacts import merge, show_contact
from ascent.service.imports import import_paths
from ascent.service.pursuits import pursuit_rows
from ascent.service.pursuits_page import SHARED, merge_contacts
from ascent.settings import Settings
from ascent.store.models import Activity, Contact, Outcome, Person
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
        seen = show_contact(uow, contact=str(mine), seen_by=pid).to_dict()
        every = show_contact(uow, contact=str(mine)).to_dict()
    assert data["split_contact"] == seen
    # only what Sam's own rows came through: the name no activity was recognised by is not
    assert [i["kind"] for i in seen["identities"]] == ["profile_url"]
    assert [i["kind"] for i in every["identities"]] == ["profile_url", "name_company", "name"]
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


STELLA_EMAIL = "niko.private@elsewhere.example"


def stella_meets(settings: Settings, tmp_path: Path, contact: str) -> int:
    """Stella Constant (Team South) imports a calendar: a meeting with ``contact``, known to
    her by an e-mail address; returns her id."""
    with unit_of_work(settings) as uow:
        stella, email = uow.session.execute(
            select(Person.id, Person.email).where(Person.name == "Stella Constant")
        ).one()
    path = tmp_path / "stella.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        "DTSTART:20261120T100000Z\r\nDTEND:20261120T104500Z\r\nDTSTAMP:20261110T090000Z\r\n"
        f"UID:stella-1@test\r\nORGANIZER;CN=Stella Constant:mailto:{email}\r\n"
        f"ATTENDEE;CN={contact}:mailto:{STELLA_EMAIL}\r\nSUMMARY:Coffee\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    with unit_of_work(settings, write=True) as uow:
        assert import_paths(uow, paths=[path], person=int(stella)).to_dict()["added"] == 2
    return int(stella)


def stellas_contacts(settings: Settings, stella: int) -> set[int | None]:
    with unit_of_work(settings) as uow:
        return {
            *uow.session.scalars(select(Activity.contact_id).where(Activity.person_id == stella)),
            *uow.session.scalars(select(Outcome.contact_id).where(Outcome.person_id == stella)),
        } - {None}


def test_a_contact_another_team_pursues_too_is_neither_shown_nor_changed_from_the_page(
    fresh_app: TestClient, database_url: str, tmp_path: Path
) -> None:
    """Stella (South) pursues Sam's contact X too, through an e-mail address of her import:
    Sam's split form does not show it, and Sam may neither merge X nor split it."""
    settings = Settings(database_url, explicit_database=True)
    pid = sam(fresh_app)
    x, y = sorted(ids(service_rows(settings)))[:2]
    with unit_of_work(settings) as uow:
        name = show_contact(uow, contact=str(x)).name
    assert name is not None
    stella = stella_meets(settings, tmp_path, name)
    with unit_of_work(settings, write=True) as uow:  # an admin joins her contact to X (CLI)
        merge(uow, into=str(x), other=STELLA_EMAIL)
    assert x in stellas_contacts(settings, stella)

    data = fresh_app.get(f"/person/{pid}/pursuits.json?contact={x}").json()
    values = [i["value"] for i in data["split_contact"]["identities"]]
    assert values == ["https://www.linkedin.com/in/niko-fakesley-d1c80d"]
    assert data["split_contact"]["channels"] == ["linkedin"]
    page = fresh_app.get(f"/person/{pid}/pursuits?contact={x}").text
    assert STELLA_EMAIL not in page

    form = {"into": str(y), "other": str(x)}
    refused = fresh_app.post(
        f"/person/{pid}/contacts/merge", data=form, headers=csrf(fresh_app) | JSON
    )
    assert (refused.status_code, refused.json()["error"]["type"]) == (400, "config_error")
    assert refused.json()["error"]["message"] == SHARED
    page = fresh_app.post(f"/person/{pid}/contacts/merge", data=form, headers=csrf(fresh_app))
    assert page.status_code == 400
    assert (
        '<p role="alert" class="error">this contact is also in other people&#39;s pursuits: '
        "ask an admin to merge it</p>" in page.text
    )
    split = {"contact": str(x), "identities": STELLA_EMAIL, "name": ""}
    page = fresh_app.post(f"/person/{pid}/contacts/split", data=split, headers=csrf(fresh_app))
    assert page.status_code == 400
    assert "this contact is also in other people&#39;s pursuits" in page.text
    assert x in stellas_contacts(settings, stella)
    assert {x, y} <= ids(service_rows(settings))

    with unit_of_work(settings, write=True) as uow:  # an admin may, from the same page
        merge_contacts(uow, person_id=pid, as_of=DEMO_DAY, into=str(y), other=str(x), admin=True)
    assert y in stellas_contacts(settings, stella)
    assert x not in stellas_contacts(settings, stella)
