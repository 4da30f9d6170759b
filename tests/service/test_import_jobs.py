"""Background import jobs as a service: submit spools and queues, ``run_job`` imports and
marks the job done in the import's transaction, a bad upload is refused before any job, a
job whose files are gone fails with one line, and only who sees the person sees the job."""

from __future__ import annotations

import io
import shutil
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select, text

from ascent.bootstrap import scoped_unit_of_work
from ascent.errors import InputError, NotFound
from ascent.service.directory import ensure_person
from ascent.service.jobs import job_status, run_job, submit_import
from ascent.service.uploads import Upload
from ascent.service.visibility import Viewer
from ascent.settings import Settings
from ascent.store.models import Activity, ImportBatch, Job
from ascent.web.app import create_app

FIXTURES = Path(__file__).parents[1] / "fixtures"
CALENDAR = FIXTURES / "ics" / "outlook" / "Calendar.ics"
ADMIN = Viewer("admin", None, None)


class Recorded:
    """A queue that only remembers what it was given."""

    def __init__(self) -> None:
        self.deferred: list[tuple[int, str]] = []

    def defer(self, job_id: int, org: str) -> None:
        self.deferred.append((job_id, org))


def people(engine: Engine) -> tuple[Viewer, Viewer]:
    """Ada's own viewer (a seller) and that of another seller of another team."""
    with scoped_unit_of_work(engine, write=True) as uow:
        ada = ensure_person(uow, "ada@example.com")
        bob = ensure_person(uow, "bob@example.com", team="Other team")
        uow.commit()
        return Viewer("seller", ada.id, ada.team_id), Viewer("seller", bob.id, bob.team_id)


def submit(engine: Engine, spool: Path, viewer: Viewer, name: str, body: bytes) -> int:
    queue = Recorded()
    with scoped_unit_of_work(engine) as uow:
        assert viewer.person_id is not None
        job = submit_import(
            uow,
            queue=queue,
            spool=spool,
            viewer=viewer,
            person_id=viewer.person_id,
            uploads=[Upload(name, io.BytesIO(body))],
        )
    assert queue.deferred == [(job.id, "default")]
    assert (job.status, job.files, job.step) == ("queued", [Path(name).name], "queued")
    return job.id


def count(engine: Engine, model: type) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(model)).scalar_one()


def test_a_job_imports_its_upload_and_is_seen_by_who_sees_its_person(
    engine: Engine, tmp_path: Path
) -> None:
    spool = tmp_path / "spool"
    ada, bob = people(engine)
    job_id = submit(engine, spool, ada, "../Calendar.ics", CALENDAR.read_bytes())
    [folder] = spool.iterdir()
    assert [p.name for p in folder.iterdir()] == ["Calendar.ics"]
    assert count(engine, Activity) == 0

    assert run_job(engine, job_id=job_id, org="default", spool=spool) == "done"
    assert run_job(engine, job_id=job_id, org="default", spool=spool) is None  # not queued
    assert list(spool.iterdir()) == []
    with scoped_unit_of_work(engine) as uow:
        job = job_status(uow, viewer=ada, job_id=job_id)
        assert job_status(uow, viewer=ADMIN, job_id=job_id) == job
        with pytest.raises(NotFound):
            job_status(uow, viewer=bob, job_id=job_id)
        with pytest.raises(NotFound):
            job_status(uow, viewer=ADMIN, job_id=job_id + 1)
        [source] = uow.session.scalars(select(ImportBatch.source))
    assert (job.status, job.attempts, job.error, job.done, job.total) == ("done", 1, None, 1, 1)
    assert job.result is not None
    assert job.result["files"] == [{"path": "Calendar.ics", "format": "ics"}]
    assert (job.result["added"], count(engine, Activity)) == (
        20,
        17,
    )  # and 3 meetings booked (outcomes)
    assert source == "Calendar.ics"  # as uploaded, not the spool's path


def test_a_job_whose_files_are_gone_fails_with_one_line(engine: Engine, tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    ada, _ = people(engine)
    job_id = submit(engine, spool, ada, "Calendar.ics", CALENDAR.read_bytes())
    shutil.rmtree(spool)
    assert run_job(engine, job_id=job_id, org="default", spool=spool) == "failed"
    with scoped_unit_of_work(engine) as uow:
        job = job_status(uow, viewer=ada, job_id=job_id)
    assert (job.status, job.step) == ("failed", "failed")
    assert job.error == "upload: the uploaded files are gone from the spool"
    assert job.result is None
    assert count(engine, ImportBatch) == 0


@pytest.mark.parametrize(
    ("name", "body", "error"),
    [
        ("notes.txt", b"not an export\n", "notes.txt: not a format Ascent knows"),
        (
            "pursuits.csv",
            (FIXTURES / "ascent_csv" / "pursuits.csv").read_bytes(),
            "pursuits.csv: a ascent_csv export names people in its rows",
        ),
    ],
)
def test_a_refused_upload_makes_no_job_and_leaves_nothing_spooled(
    engine: Engine, tmp_path: Path, name: str, body: bytes, error: str
) -> None:
    spool = tmp_path / "spool"
    ada, _ = people(engine)
    assert ada.person_id is not None
    upload = [Upload(name, io.BytesIO(body))]
    with scoped_unit_of_work(engine) as uow, pytest.raises(InputError) as refused:
        submit_import(
            uow,
            queue=Recorded(),
            spool=spool,
            viewer=ada,
            person_id=ada.person_id,
            uploads=upload,
        )
    assert str(refused.value).startswith(error)
    assert str(spool) not in str(refused.value)
    assert list(spool.iterdir()) == []
    assert count(engine, Job) == 0


def test_a_web_server_starting_runs_the_jobs_a_stopped_one_left(
    engine: Engine, tmp_path: Path
) -> None:
    spool = tmp_path / "spool"
    ada, _ = people(engine)
    job_id = submit(engine, spool, ada, "Calendar.ics", CALENDAR.read_bytes())
    settings = Settings(engine.url.render_as_string(hide_password=False), spool_dir=spool)
    with TestClient(create_app(settings, secret="s" * 32)):  # its start: start_serving
        pass
    if engine.dialect.name == "postgresql":  # the queue is procrastinate's: its tables exist
        with engine.connect() as connection:
            found = connection.execute(text("SELECT to_regclass('procrastinate_jobs')"))
            assert found.scalar_one() is not None
        return
    deadline = time.monotonic() + 60
    while job_row_status(engine, job_id) != "done" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert job_row_status(engine, job_id) == "done"


def job_row_status(engine: Engine, job_id: int) -> str:
    with engine.connect() as connection:
        return connection.execute(select(Job.status).where(Job.id == job_id)).scalar_one()
