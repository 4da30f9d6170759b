"""A person's export (themself or an admin; not their lead, not a colleague) and their erasure
by an admin who types their e-mail back, on the small org of ``privacy_world``."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from ascent.service import users
from ascent.settings import Settings
from ascent.web.app import create_app
from privacy_world import ADMIN, ANN, BOB, FORMULA, LEAD, PASSWORD, build_world
from web_demo import csrf, log_in, web_database

JSON = {"accept": "application/json"}
ANN_ID, BOB_ID, NOBODY = 1, 2, 999


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    tmp = tmp_path_factory.mktemp("privacy-web")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        yield build_world(web_database(tmp, "privacy_web"), tmp / "exports")


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, secret="test-secret")
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as each:
        yield each


def _people(settings: Settings) -> list[str]:
    engine = create_engine(settings.database_url)
    with engine.connect() as connection:
        emails = connection.execute(text("SELECT email FROM people ORDER BY id")).scalars().all()
    engine.dispose()
    return list(emails)


@pytest.mark.parametrize("who", [ANN, ADMIN])
def test_the_person_and_an_admin_get_the_zip(client: TestClient, who: str) -> None:
    log_in(client, who, PASSWORD)
    response = client.get(f"/person/{ANN_ID}/export.zip")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"] == 'attachment; filename="ascent-person-1.zip"'
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        [person] = json.loads(archive.read("person.json"))
        assert (person["id"], person["email"]) == (ANN_ID, ANN)
        contacts = csv.DictReader(io.StringIO(archive.read("contacts.csv").decode()))
        assert sorted(c["name"] for c in contacts) == [f"'{FORMULA}", "Bob Buyer"]


@pytest.mark.parametrize("who", [LEAD, BOB])
def test_the_lead_and_a_colleague_get_what_nothing_gets(client: TestClient, who: str) -> None:
    log_in(client, who, PASSWORD)
    refused = client.get(f"/person/{ANN_ID}/export.zip", headers=JSON)
    missing = client.get(f"/person/{NOBODY}/export.zip", headers=JSON)
    assert refused.status_code == missing.status_code == 404
    assert (
        refused.json()
        == missing.json()
        == {"error": {"type": "hidden", "message": "no such page", "file": None, "line": None}}
    )


def test_only_an_admin_may_ask_or_erase(client: TestClient, settings: Settings) -> None:
    for who in (ANN, LEAD):
        log_in(client, who, PASSWORD)
        assert client.get(f"/person/{ANN_ID}/erase").status_code == 404
        response = client.post(
            f"/person/{ANN_ID}/erase", data={"confirm": ANN}, headers=csrf(client)
        )
        assert response.status_code == 404
    assert _people(settings) == [ANN, BOB]


def test_an_erasure_needs_the_csrf_token_and_the_email_typed_back(
    client: TestClient, settings: Settings
) -> None:
    log_in(client, ADMIN, PASSWORD)
    assert client.get(f"/person/{ANN_ID}/erase.json").json() == {
        "person_id": ANN_ID,
        "person": f"ann <{ANN}> of Team A",
        "confirm": ANN,
    }
    page = client.get(f"/person/{ANN_ID}/erase")
    assert 'name="confirm"' in page.text
    forged = client.post(f"/person/{ANN_ID}/erase", data={"confirm": ANN})
    assert forged.status_code == 403
    wrong = client.post(
        f"/person/{ANN_ID}/erase.json", data={"confirm": "ann"}, headers=csrf(client)
    )
    assert wrong.status_code == 400
    assert wrong.json()["error"]["type"] == "not_confirmed"
    assert _people(settings) == [ANN, BOB]


def test_an_admin_erases_ann(client: TestClient, settings: Settings) -> None:
    log_in(client, ADMIN, PASSWORD)
    response = client.post(
        f"/person/{ANN_ID}/erase", data={"confirm": ANN.upper()}, headers=csrf(client)
    )
    assert response.status_code == 200
    assert "ann was erased" in response.text
    assert _people(settings) == [BOB]
    assert client.get(f"/person/{ANN_ID}/export.zip").status_code == 404
