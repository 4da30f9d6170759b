"""The imports API: an upload answers 202 with its job at once; the job's status and progress,
then its report, are the imports page's; a read token may not upload, and nobody uploads for
(or sees the jobs of) a person they may not see."""

from __future__ import annotations

import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ascent import bootstrap
from ascent.service.tokens import create_token
from ascent.settings import Settings
from ascent.web.app import create_app
from job_waiting import WAIT_SECONDS, run_queued
from web_demo import DEMO_DAY, LEAD_SOUTH, SELLER, build_demo, web_database

FIXTURES = Path(__file__).parents[1] / "fixtures"
ZIP_NAME = "linkedin-2024.zip"
CALENDAR = (FIXTURES / "ics" / "outlook" / "Calendar.ics").read_bytes()


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    tmp = tmp_path_factory.mktemp("api-imports")
    return build_demo(web_database(tmp, "apiimports"), tmp / "exports")


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, secret="test-secret", today=lambda: DEMO_DAY)
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client


@pytest.fixture(scope="module")
def bearer(settings: Settings) -> dict[str, dict[str, str]]:
    with bootstrap.unit_of_work(settings, write=True) as uow:
        made = {
            "seller": create_token(uow, scope="write", person=SELLER),
            "seller read": create_token(uow, scope="read", person=SELLER),
            "south lead": create_token(uow, scope="write", user=LEAD_SOUTH),
            "org admin": create_token(uow, scope="write"),  # a token without a login
        }
    return {who: {"Authorization": f"Bearer {m.token}"} for who, m in made.items()}


def export(folder: Path) -> bytes:
    path = folder / ZIP_NAME
    with zipfile.ZipFile(path, "w") as archive:
        for member in sorted((FIXTURES / "linkedin" / "2024").glob("*.csv")):
            archive.write(member, member.name)
    return path.read_bytes()


def upload(client: TestClient, headers: dict[str, str], name: str, body: bytes, **form: Any) -> Any:
    files = [("files", (name, body, "application/octet-stream"))]
    return client.post("/api/v1/imports", files=files, data=form, headers=headers)


def finished(client: TestClient, headers: dict[str, str], job_id: int, url: str) -> Any:
    if url.startswith("postgresql"):
        run_queued(url)
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        job = client.get(f"/api/v1/imports/{job_id}", headers=headers).json()
        if job["status"] in ("done", "failed") or time.monotonic() > deadline:
            return job
        time.sleep(0.05)


def test_an_upload_is_a_job_whose_report_is_the_imports(
    client: TestClient, bearer: dict[str, dict[str, str]], settings: Settings, tmp_path: Path
) -> None:
    seller = bearer["seller"]
    response = upload(client, seller, ZIP_NAME, export(tmp_path))
    assert response.status_code == 202, response.text
    job = response.json()
    assert (job["status"], job["files"], job["person"]) == ("queued", [ZIP_NAME], "Sam Steady")
    assert job["progress"] == {"step": "queued", "done": 0, "total": 1}

    done = finished(client, seller, job["id"], settings.database_url)
    assert (done["status"], done["attempts"], done["error"]) == ("done", 1, None)
    assert done["progress"] == {"step": "done", "done": 1, "total": 1}
    report = client.get(f"/api/v1/imports/{job['id']}/report", headers=seller)
    assert report.status_code == 200
    assert report.json()["files"] == [{"path": ZIP_NAME, "format": "linkedin"}]
    assert (report.json()["person"], report.json()["added"]) == ("Sam Steady", 15)

    # the lead of another team: the job is not there, exactly as a job that does not exist
    south = bearer["south lead"]
    hidden = client.get(f"/api/v1/imports/{job['id']}", headers=south)
    missing = client.get("/api/v1/imports/999999", headers=south)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["error"]["type"] == missing.json()["error"]["type"] == "not_found"
    assert client.get(f"/api/v1/imports/{job['id']}/report", headers=south).status_code == 404


def test_a_read_token_a_bad_file_and_someone_elses_person_are_refused(
    client: TestClient, bearer: dict[str, dict[str, str]], tmp_path: Path
) -> None:
    body = export(tmp_path)
    refused = upload(client, bearer["seller read"], ZIP_NAME, body)
    assert refused.status_code == 403
    assert refused.json()["error"]["type"] == "forbidden"

    bad = upload(client, bearer["seller"], "notes.txt", b"not an export\n")
    assert bad.status_code == 400
    assert bad.json()["error"]["message"].startswith("notes.txt: not a format Ascent knows")

    people = client.get("/api/v1/people?limit=500", headers=bearer["south lead"]).json()["items"]
    south_person = people[0]["id"]
    other = upload(client, bearer["seller"], ZIP_NAME, body, person_id=str(south_person))
    assert other.status_code == 404
    assert upload(client, {}, ZIP_NAME, body).status_code == 401

    sam = client.get("/api/v1/people?limit=500", headers=bearer["org admin"]).json()["items"]
    sam_id = next(p["id"] for p in sam if p["person"] == "Sam Steady")
    by_admin = upload(client, bearer["org admin"], "Calendar.ics", CALENDAR, person_id=str(sam_id))
    assert by_admin.status_code == 202, by_admin.text  # its job has no uploading login
    assert by_admin.json()["person"] == "Sam Steady"
