"""Two people may share a name: every page and every write finds a person by id.

Dana Doubt of North and Dana Doubt of South have no e-mail (their logins have one), so a
lookup by "e-mail, else name" finds the first Dana for both. Each Dana's home, person page,
pursuits, a logged coffee and an upload must be about (and land on) the Dana of the URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from ascent.bootstrap import unit_of_work
from ascent.service.directory import ensure_person
from ascent.service.imports import import_paths
from ascent.service.person import person_report
from ascent.service.pursuits import pursuit_rows
from ascent.service.users import add_user
from ascent.settings import Settings
from ascent.store.models import Activity, ImportBatch, Outcome, Person
from ascent.web.app import create_app
from job_waiting import finished
from web_demo import PASSWORD, log_in

DAY = date(2026, 11, 30)
NAME = "Dana Doubt"
NORTH, SOUTH = "dana.north@namesakes.example", "dana.south@namesakes.example"
HEADER = "date,kind,channel,contact,contact_url,id\n"
#: each Dana's own pursuit: North wrote to Ann twice, South to Bob three times
ROWS = {
    NORTH: [("2026-11-20", "Ann North", "ann-north"), ("2026-11-24", "Ann North", "ann-north")],
    SOUTH: [
        ("2026-11-18", "Bob South", "bob-south"),
        ("2026-11-23", "Bob South", "bob-south"),
        ("2026-11-26", "Bob South", "bob-south"),
    ],
}
CALENDAR = Path(__file__).parents[1] / "fixtures" / "ics" / "google" / "ada@northwind.example.ics"


def _namesakes(settings: Settings, tmp_path: Path) -> dict[str, int]:
    """Both Danas with a login each, their e-mails then removed and their names made equal,
    and each one's touches imported by id; their ids by login."""
    ids: dict[str, int] = {}
    with unit_of_work(settings, write=True) as uow:
        for email, team in ((NORTH, "North"), (SOUTH, "South")):
            ids[email] = ensure_person(uow, email, team=team).id
            add_user(uow, email=email, role="seller", password=PASSWORD)
        for person in uow.session.scalars(select(Person).where(Person.id.in_(ids.values()))):
            person.name, person.email = NAME, None
        uow.commit()
    for email, rows in ROWS.items():
        path = tmp_path / f"{email}.csv"
        lines = [f"{d},message_out,linkedin,{c},linkedin.com/in/{u},{d}" for d, c, u in rows]
        path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
        with unit_of_work(settings, write=True) as uow:
            import_paths(uow, paths=[path], person=ids[email])
    return ids


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url, explicit_database=True)


@pytest.fixture
def danas(settings: Settings, tmp_path: Path) -> dict[str, int]:
    return _namesakes(settings, tmp_path)


@pytest.fixture
def client(settings: Settings, danas: dict[str, int]) -> Iterator[TestClient]:
    app = create_app(settings, secret="test-secret", today=lambda: DAY)
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as found:
        yield found


def _json(client: TestClient, path: str) -> dict[str, Any]:
    response = client.get(path)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def _rows(settings: Settings, model: type[Activity] | type[Outcome]) -> dict[int, int]:
    """How many rows of ``model`` each person has."""
    with unit_of_work(settings) as uow:
        found = select(model.person_id, func.count()).group_by(model.person_id)
        return {int(pid): int(n) for pid, n in uow.session.execute(found)}


def test_the_two_danas_share_a_name_and_nothing_else(
    settings: Settings, danas: dict[str, int]
) -> None:
    with unit_of_work(settings) as uow:
        people = uow.session.execute(select(Person.id, Person.name, Person.email)).all()
        for email, pid in danas.items():
            rows = pursuit_rows(uow, as_of=DAY, person=pid)
            assert [(r.contact, r.pursuit.touches) for r in rows] == [
                (ROWS[email][0][1], len(ROWS[email]))
            ]
    assert sorted(tuple(p) for p in people) == [
        (danas[NORTH], NAME, None),
        (danas[SOUTH], NAME, None),
    ]
    assert _rows(settings, Activity) == {danas[NORTH]: 2, danas[SOUTH]: 3}


@pytest.mark.parametrize("email", [NORTH, SOUTH])
def test_each_danas_pages_are_hers(
    client: TestClient, settings: Settings, danas: dict[str, int], email: str
) -> None:
    pid, other = danas[email], danas[NORTH if email == SOUTH else SOUTH]
    contact, touches = ROWS[email][0][1], len(ROWS[email])
    log_in(client, email)
    home = _json(client, f"/seller/{pid}.json")
    assert (home["person_id"], home["person"]) == (pid, NAME)
    assert sum(d["n"] for d in home["heatmap"]["days"]) == touches
    page = _json(client, f"/person/{pid}.json")
    with unit_of_work(settings) as uow:
        report = person_report(uow, person=pid, as_of=DAY).to_dict(timeline=True)
    assert {k: page[k] for k in report} == report
    assert report["counts"]["converse"] == touches
    assert [(r["contact"], r["touches"]) for r in page["top_pursuits"]] == [(contact, touches)]
    assert client.get(f"/seller/{other}.json").status_code == 404
    assert client.get(f"/person/{other}.json").status_code == 404


def _pursuits_page_is_hers(client: TestClient, danas: dict[str, int], email: str) -> None:
    log_in(client, email)
    pursuits = _json(client, f"/person/{danas[email]}/pursuits.json?filter=all")["pursuits"]
    assert [(r["contact"], r["touches"]) for r in pursuits] == [
        (ROWS[email][0][1], len(ROWS[email]))
    ]


def test_the_first_danas_pursuits_page_is_hers(client: TestClient, danas: dict[str, int]) -> None:
    _pursuits_page_is_hers(client, danas, NORTH)


def test_the_second_danas_pursuits_page_is_hers(client: TestClient, danas: dict[str, int]) -> None:
    _pursuits_page_is_hers(client, danas, SOUTH)


def test_a_coffee_and_an_upload_land_on_the_dana_who_sent_them(
    client: TestClient, settings: Settings, danas: dict[str, int]
) -> None:
    north, south = danas[NORTH], danas[SOUTH]
    log_in(client, SOUTH)
    token = client.cookies["csrftoken"]
    form = {"kind": "coffee", "contact": "Cy Coffee", "day": DAY.isoformat(), "csrftoken": token}
    response = client.post(f"/seller/{south}/log", data=form)
    assert response.status_code == 303, response.text
    assert _rows(settings, Activity) == {north: 2, south: 4}
    logged = _json(client, f"/seller/{south}.json")["logged"]
    assert [e["text"] for e in logged] == ["coffee with Cy Coffee"]
    assert _json(client, f"/seller/{south}.json")["heatmap"]["days"][-1]["n"] == 1

    files = [("files", (CALENDAR.name, CALENDAR.read_bytes(), "text/calendar"))]
    upload = client.post("/imports.json", files=files, data={"csrftoken": token})
    assert upload.status_code == 202, upload.text  # the upload's job, run in the background
    report = finished(client, upload.json()["job"]["id"], settings.database_url)["report"]
    assert (report["person"], report["counts"]) == (NAME, {"meeting": 18, "meeting_booked": 5})
    assert _rows(settings, Activity) == {north: 2, south: 4 + 18}
    assert _rows(settings, Outcome) == {south: 5}
    with unit_of_work(settings) as uow:
        batches = uow.session.scalars(select(ImportBatch.person_id).order_by(ImportBatch.id))
        assert list(batches) == [north, south, south, south]
