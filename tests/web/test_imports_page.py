"""The imports page: an upload answers at once with its job, which imports it as ``ascent
import`` imports the same file, with the same report; a bad file is the CLI's one-line error
and writes nothing; nobody uploads for a person they may not see, nor sees their jobs."""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select, text
from typer.testing import CliRunner

from ascent.bootstrap import unit_of_work
from ascent.cli.app import app as cli
from ascent.service.imports_page import importable_people, safe_file_name
from ascent.service.jobs import JobView
from ascent.service.users import list_users
from ascent.service.visibility import Viewer, may_see_person
from ascent.settings import Settings
from ascent.store.models import Person
from ascent.web.pages import TEMPLATES
from job_waiting import finished
from web_demo import ADMIN, LEAD_NORTH, LEAD_SOUTH, SELLER, csrf, log_in

FIXTURES = Path(__file__).parents[1] / "fixtures"
ZIP_NAME = "linkedin-2024.zip"


def linkedin_zip(folder: Path) -> Path:
    """The pinned 2024 LinkedIn export, zipped as LinkedIn hands it out."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ZIP_NAME
    with zipfile.ZipFile(path, "w") as archive:
        for member in sorted((FIXTURES / "linkedin" / "2024").glob("*.csv")):
            archive.write(member, member.name)
    return path


def cli_import(db: str, name: str, *, as_json: bool) -> tuple[int, str, str]:
    """``ascent import NAME --person SELLER`` in the current folder, as a user would run it."""
    args = ["--db", db, "import", name, "--person", SELLER] + (["--json"] if as_json else [])
    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.stdout, result.stderr


def upload(client: TestClient, path: Path, *, json_twin: bool = False, **form: Any) -> Any:
    files = [("files", (path.name, path.read_bytes(), "application/octet-stream"))]
    target = "/imports.json" if json_twin else "/imports"
    return client.post(target, files=files, data=form, headers=csrf(client))


def page_lines(html: str) -> list[str]:
    """The report's lines as the page shows them (its ``<pre>``)."""
    start = html.index("<pre>") + len("<pre>")
    return unescape(html[start : html.index("</pre>", start)]).splitlines()


def written(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as connection:
        counts = {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("import_batches", "activities", "contacts", "people")
        }
    engine.dispose()
    return counts


def test_an_upload_reports_what_the_cli_reports(
    fresh_app: TestClient, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spool = Settings(database_url).spool()
    export = linkedin_zip(tmp_path / "exports")
    monkeypatch.chdir(export.parent)
    reference = f"sqlite:///{tmp_path / 'reference.db'}"
    first = json.loads(cli_import(reference, ZIP_NAME, as_json=True)[1])
    code, again, _ = cli_import(reference, ZIP_NAME, as_json=False)
    assert code == 0
    log_in(fresh_app, SELLER)

    response = upload(fresh_app, export, json_twin=True)
    assert response.status_code == 202
    job = response.json()["job"]
    assert (job["status"], job["files"], job["person"]) == ("queued", [ZIP_NAME], "Sam Steady")
    assert job["progress"] == {"step": "queued", "done": 0, "total": 1}
    done = finished(fresh_app, job["id"], database_url)
    assert done["job"]["status"] == "done"
    assert done["job"]["attempts"] == 1
    assert done["job"]["progress"] == {"step": "done", "done": 1, "total": 1}
    report = done["report"]
    assert report["person"] == "Sam Steady"
    assert report["files"] == [{"path": ZIP_NAME, "format": "linkedin"}]
    assert {k: v for k, v in report.items() if k != "person"} == {
        k: v for k, v in first.items() if k != "person"
    }
    assert report["added"] == 15
    assert report["duplicates"] == 0

    response = upload(fresh_app, export)
    assert response.status_code == 303
    target = response.headers["location"]
    assert target == f"/imports/jobs/{job['id'] + 1}"
    assert finished(fresh_app, job["id"] + 1, database_url)["job"]["status"] == "done"
    page = fresh_app.get(target)
    assert page.status_code == 200
    assert 'data-status="done"' in page.text
    assert "hx-trigger" not in page.text.split('id="import-job"')[1].split(">")[0]
    lines = page_lines(page.text)
    fragment = fresh_app.get(f"{target}/progress")
    assert fragment.status_code == 200
    assert "hx-get" not in fragment.text  # finished: the polling stops
    assert page_lines(fragment.text) == lines
    assert lines[0] == f"imported {ZIP_NAME} (linkedin) for Sam Steady"
    assert lines[1:] == again.splitlines()[1:]
    assert lines[1] == "added 0: nothing new"
    assert lines[2] == "duplicates skipped: 15"
    history = fresh_app.get("/imports.json").json()["history"]
    assert [(h["file"], h["person"], h["added"], h["duplicates"]) for h in history[:2]] == [
        (ZIP_NAME, "Sam Steady", 0, 15),
        (ZIP_NAME, "Sam Steady", 15, 0),
    ]
    engine = create_engine(database_url)
    with engine.connect() as connection:
        query = "SELECT source FROM import_batches ORDER BY id DESC LIMIT 2"
        sources = connection.execute(text(query)).scalars().all()
    engine.dispose()
    assert sources == [ZIP_NAME, ZIP_NAME]  # the name uploaded, not the spool folder's path
    log_in(fresh_app, LEAD_SOUTH)  # another team's lead: the job is not there
    beyond = f"/imports/jobs/{2**31}.json"  # beyond any key: no such job either, not a 503
    for path in (
        target,
        f"{target}.json",
        f"{target}/progress",
        "/imports/jobs/99999.json",
        beyond,
    ):
        assert fresh_app.get(path).status_code == 404, path
    assert list(spool.iterdir()) == []  # the spooled files are gone once their job is done


def test_a_bad_file_is_the_clis_error_and_writes_nothing(
    fresh_app: TestClient, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = linkedin_zip(tmp_path / "exports")
    monkeypatch.chdir(export.parent)
    Path("notes.txt").write_text("not an export\n", encoding="utf-8")
    code, _, stderr = cli_import(database_url, "notes.txt", as_json=False)
    assert code == 2
    cli_error = stderr.strip()
    assert cli_error.startswith("error: notes.txt: not a format Ascent knows")
    log_in(fresh_app, SELLER)
    before = written(database_url)

    response = upload(fresh_app, Path("notes.txt"))
    assert response.status_code == 400
    assert f'<p role="alert" class="error" id="import-error">{cli_error}</p>' in unescape(
        response.text
    )
    files = [
        ("files", (ZIP_NAME, export.read_bytes(), "application/zip")),
        ("files", ("../../etc/notes.txt", b"not an export\n", "text/plain")),
    ]
    response = fresh_app.post("/imports.json", files=files, headers=csrf(fresh_app))
    assert response.status_code == 400
    assert response.json()["error"]["message"] == cli_error.removeprefix("error: ")

    csv = FIXTURES / "ascent_csv" / "pursuits.csv"
    response = upload(fresh_app, csv, json_twin=True)
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith(
        "pursuits.csv: a ascent_csv export names people in its rows: only an admin may import it"
    )
    assert written(database_url) == before


def test_a_running_job_polls_its_progress_until_it_is_finished() -> None:
    job = JobView(
        7, "import", "running", 1, "Sam Steady", "importing", 0, 2, 1, ["a.zip", "b.ics"],
        None, None, "2026-12-03T12:00:00+00:00", None,
    )  # fmt: skip
    running = TEMPLATES.get_template("imports_job.html").render(job=job, lines=[])
    assert 'hx-get="/imports/jobs/7/progress" hx-trigger="every 1s" hx-swap="outerHTML"' in running
    assert '<p role="status" id="import-step">running: importing</p>' in running
    assert '<progress id="job-progress" value="0" max="2"' in running
    failed = replace(job, status="failed", error="a.zip: broken")
    shown = TEMPLATES.get_template("imports_job.html").render(job=failed, lines=[])
    assert "hx-get" not in shown
    assert '<p role="alert" class="error" id="import-error">error: a.zip: broken</p>' in shown


def test_nobody_uploads_for_a_person_they_may_not_see(demo_app: TestClient, tmp_path: Path) -> None:
    export = linkedin_zip(tmp_path)
    log_in(demo_app, ADMIN)
    everyone = demo_app.get("/imports.json").json()["people"]
    north = [p["id"] for p in everyone if p["team"] == "Team North"]
    south = [p["id"] for p in everyone if p["team"] == "Team South"]
    sam = next(p["id"] for p in everyone if p["email"] == SELLER)
    log_in(demo_app, SELLER)
    mine = demo_app.get("/imports.json").json()
    assert [p["id"] for p in mine["people"]] == [sam]
    assert mine["selected"] == sam
    other = next(pid for pid in north if pid != sam)
    assert upload(demo_app, export, person_id=str(other)).status_code == 404
    log_in(demo_app, LEAD_NORTH)
    assert sorted(p["id"] for p in demo_app.get("/imports.json").json()["people"]) == sorted(north)
    assert upload(demo_app, export, person_id=str(south[0])).status_code == 404
    log_in(demo_app, LEAD_SOUTH)
    assert upload(demo_app, export, person_id=str(sam)).status_code == 404


def test_the_people_offered_are_those_visibility_lets_the_viewer_see(
    demo_settings: Settings,
) -> None:
    with unit_of_work(demo_settings) as uow:
        people = list(uow.session.scalars(select(Person.id)))
        offered: dict[str, int] = {}
        for user in list_users(uow):
            viewer = Viewer(user.role, user.person_id, user.team_id)
            found = [p.id for p in importable_people(uow, viewer=viewer)]
            assert sorted(found) == [p for p in sorted(people) if may_see_person(uow, viewer, p)]
            offered[user.role] = max(offered.get(user.role, 0), len(found))
    assert offered == {"admin": len(people), "lead": 7, "seller": 1}


def test_the_imports_page_lists_the_history_newest_first(demo_app: TestClient) -> None:
    log_in(demo_app, SELLER)
    page = demo_app.get("/imports")
    assert page.status_code == 200
    assert 'hx-encoding="multipart/form-data"' in page.text
    assert '<script src="/static/imports.js"></script>' in page.text
    history = demo_app.get("/imports.json").json()["history"]
    assert history, "the demo imported Sam's exports"
    assert {h["person"] for h in history} == {"Sam Steady"}
    started = [h["started_at"] for h in history]
    assert started == sorted(started, reverse=True)
    log_in(demo_app, ADMIN)
    everyone = demo_app.get("/imports.json").json()["history"]
    assert len(everyone) > len(history)


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("export.zip", "export.zip"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\Downloads\\linkedin.zip", "linkedin.zip"),
        ("..", "upload-1"),
        ("", "upload-1"),
        ("a\nb\x00.csv", "a b .csv"),
        ("x" * 300 + ".zip", "x" * 116 + ".zip"),
    ],
)
def test_an_uploaded_name_keeps_no_path_part(sent: str, kept: str) -> None:
    assert safe_file_name(sent, 0) == kept
