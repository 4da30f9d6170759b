"""Hostile uploads, through the web (``POST /imports.json``, ``/api/v1/imports``) and ``ascent
import``: ZIP bombs (the size and the ratio caps of ``importers/limits.py``), member names that
climb out of the archive, link members, bodies of 2 GB, wrong content types. Each is refused
with one line (a 400, a 413, or an upload's job that failed with its reason), and nothing is
written: every table's row count is as before (but the failed job's own row), the spool and
the temporary folder are left empty, no file appears outside them.
"""

from __future__ import annotations

import socket
import stat
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from security_world import SECRET, row_counts
from typer.testing import CliRunner

from ascent.bootstrap import open_store, unit_of_work
from ascent.cli.app import app as cli
from ascent.importers.limits import MIB, Limits
from ascent.service.job_queue import work
from ascent.service.tokens import create_token
from ascent.settings import Settings
from ascent.web.app import create_app
from job_waiting import finished
from web_demo import DEMO_DAY, SELLER, csrf, log_in

LINKEDIN = Path(__file__).parents[1] / "fixtures" / "linkedin" / "2024"
JSON = {"accept": "application/json"}
GB = 1 << 30
#: a Connections.csv row, repeated: text that deflates a thousandfold
ROW = b"Ada,Lovelace,https://www.linkedin.com/in/ada,,Analytical Engines,Countess,01 Jan 2024\n"
#: a member cap for the size bomb, with the ratio cap out of its way
SIZE_CAPPED = Limits(member_bytes=4 * MIB, compression_ratio=10**9)


def export_zip(
    path: Path, *, replace_member: dict[str, bytes] | None = None, extra: Any = ()
) -> Path:
    """The pinned 2024 LinkedIn export as a ZIP, with members replaced or added."""
    replaced = replace_member or {}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member in sorted(LINKEDIN.glob("*.csv")):
            if member.name not in replaced:
                archive.write(member, member.name)
        for name, data in replaced.items():
            archive.writestr(name, data)
        for info, data in extra:
            archive.writestr(info, data)
    return path


def _link(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    """A symbolic link member, as ``zip --symlinks`` stores one."""
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    header = (LINKEDIN / "Connections.csv").read_bytes().split(b"First Name")[0]
    columns = b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    bomb = header + columns + ROW * (8 * MIB // len(ROW))
    return {
        "bomb": export_zip(folder / "bomb.zip", replace_member={"Connections.csv": bomb}),
        "linked_member": _linked(folder),
        "climbing": export_zip(
            folder / "climbing.zip",
            extra=[
                (zipfile.ZipInfo("../../escaped.csv"), b"First Name\nEve\n"),
                (zipfile.ZipInfo("/tmp/ascent-absolute.csv"), b"First Name\nEve\n"),
                _link("passwd", "/etc/passwd"),
            ],
        ),
        "not_a_zip": _write(folder / "export.zip", b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
    }


def _linked(folder: Path) -> Path:
    """An export whose Connections.csv is a link to /etc/passwd."""
    path = folder / "linked.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for member in sorted(LINKEDIN.glob("*.csv")):
            if member.name != "Connections.csv":
                archive.write(member, member.name)
        archive.writestr(*_link("Connections.csv", "/etc/passwd"))
    return path


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.fixture
def temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder every spooled upload and ``tempfile`` use in this test."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, secret=SECRET, today=lambda: DEMO_DAY)
    with TestClient(app, follow_redirects=False) as client:
        yield client


def _files_left(*folders: Path) -> list[Path]:
    return [p for folder in folders if folder.exists() for p in folder.rglob("*") if p.is_file()]


def _upload(client: TestClient, settings: Settings, path: Path) -> tuple[int, str]:
    """Upload ``path`` as Sam for himself: the status and the one-line reason it was refused
    (the 400's message, or that of the job it became, once the job has failed)."""
    files = {"files": (path.name, path.read_bytes(), "application/zip")}
    response = client.post("/imports.json", files=files, headers=csrf(client) | JSON)
    if response.status_code != 202:
        return response.status_code, response.json()["error"]["message"]
    job = _finished(client, response.json()["job"]["id"], settings)
    assert job["status"] == "failed", job
    return 202, job["error"]


def _finished(client: TestClient, job_id: int, settings: Settings) -> dict[str, Any]:
    """The job once finished. On PostgreSQL it waits in procrastinate's queue: run it here as
    ``ascent worker --once`` would, with this test's limits (a worker's own settings)."""
    if settings.database_url.startswith("postgresql"):
        engine = open_store(settings)
        try:
            work(settings, engine, once=True)
        finally:
            engine.dispose()
    job: dict[str, Any] = finished(client, job_id, settings.database_url)["job"]
    return job


def _refused_and_nothing_written(
    client: TestClient, settings: Settings, path: Path, temp: Path
) -> str:
    before = row_counts(settings)
    status, reason = _upload(client, settings, path)
    after = row_counts(settings)
    assert status in (202, 400), (status, reason)
    assert "\n" not in reason
    jobs = after.pop("jobs") - before.pop("jobs")
    assert jobs == (1 if status == 202 else 0)  # a failed job's own row, and nothing else
    assert after == before
    assert _files_left(settings.spool(), temp) == []
    return reason


def test_a_zip_bomb_is_refused_by_the_ratio_cap(
    module_demo: Settings, archives: dict[str, Path], temp: Path
) -> None:
    for client in _client(module_demo):
        log_in(client, SELLER)
        reason = _refused_and_nothing_written(client, module_demo, archives["bomb"], temp)
    assert reason.startswith("bomb.zip:Connections.csv: member too large to import: inflates ")
    assert reason.endswith("over the cap of 200 (ASCENT_LIMIT_COMPRESSION_RATIO)")


def test_a_zip_bomb_through_the_api_is_refused_too(
    module_demo: Settings, archives: dict[str, Path], temp: Path
) -> None:
    """``POST /api/v1/imports`` with Sam's write token: its job fails with the same line."""
    with unit_of_work(module_demo, write=True) as uow:
        token = create_token(uow, scope="write", user=SELLER).token
    before = row_counts(module_demo)
    for client in _client(module_demo):
        files = {"files": ("bomb.zip", archives["bomb"].read_bytes(), "application/zip")}
        bearer = {"authorization": f"Bearer {token}"}
        response = client.post("/api/v1/imports", files=files, headers=bearer)
        assert response.status_code == 202, response.text
        log_in(client, SELLER)  # the job's page, to wait on
        job = _finished(client, response.json()["id"], module_demo)
    assert job["status"] == "failed"
    assert job["error"].startswith("bomb.zip:Connections.csv: member too large to import: ")
    after = row_counts(module_demo)
    assert after.pop("jobs") == before.pop("jobs") + 1
    after.pop("web_sessions"), before.pop("web_sessions")  # the log-in to wait on the job
    assert after == before
    assert _files_left(module_demo.spool(), temp) == []


def test_a_zip_bomb_is_refused_by_the_size_cap(
    module_demo: Settings, archives: dict[str, Path], temp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASCENT_LIMIT_MEMBER_BYTES", str(SIZE_CAPPED.member_bytes))
    monkeypatch.setenv("ASCENT_LIMIT_COMPRESSION_RATIO", str(SIZE_CAPPED.compression_ratio))
    capped = replace(module_demo, limits=SIZE_CAPPED)
    for client in _client(capped):
        log_in(client, SELLER)
        reason = _refused_and_nothing_written(client, capped, archives["bomb"], temp)
    assert reason.startswith("bomb.zip:Connections.csv: member too large to import")
    assert "4194304" in reason.replace(",", "")


def test_a_link_member_reads_nothing_outside_the_archive(
    module_demo: Settings, archives: dict[str, Path], temp: Path
) -> None:
    """A Connections.csv that is a link to /etc/passwd is its link text, not that file: not
    an export's member, refused."""
    for client in _client(module_demo):
        log_in(client, SELLER)
        reason = _refused_and_nothing_written(client, module_demo, archives["linked_member"], temp)
    assert reason == (
        "linked.zip:Connections.csv: no header row found "
        "(expected First Name,Last Name,…,Connected On)"
    )


def test_member_names_that_climb_out_are_never_written_nor_read(
    module_demo: Settings, archives: dict[str, Path], temp: Path, tmp_path: Path
) -> None:
    """``../../escaped.csv``, ``/tmp/ascent-absolute.csv`` and a link member: members are only
    read by name, never extracted, and none of these is a member an importer reads; the
    export's own members import, nothing lands outside the spool."""
    for client in _client(module_demo):
        log_in(client, SELLER)
        files = {"files": ("climbing.zip", archives["climbing"].read_bytes(), "application/zip")}
        response = client.post("/imports.json", files=files, headers=csrf(client) | JSON)
        assert response.status_code == 202
        job = _finished(client, response.json()["job"]["id"], module_demo)
    assert job["status"] == "done", job
    spool = module_demo.spool()
    for escaped in (spool.parent / "escaped.csv", spool.parents[1] / "escaped.csv"):
        assert not escaped.exists()
    assert not Path("/tmp/ascent-absolute.csv").exists()
    assert _files_left(spool, temp) == []


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", b'{"files": ["x"]}'),
        ("text/plain", b"files=x"),
        ("application/x-www-form-urlencoded", b"files=x"),
        ("multipart/form-data; boundary=nothing", b"--nothing--\r\n"),
    ],
)
def test_a_body_that_is_no_upload_is_refused_cleanly(
    demo_client: TestClient, module_demo: Settings, temp: Path, content_type: str, body: bytes
) -> None:
    log_in(demo_client, SELLER)
    before = row_counts(module_demo)
    headers = {"content-type": content_type, **csrf(demo_client), **JSON}
    response = demo_client.post("/imports.json", content=body, headers=headers)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    # no file in it at all, or a field that should be a file and is text
    assert error["type"] in ("input_error", "invalid_request"), error
    if error["type"] == "input_error":
        assert error["message"] == "upload: choose at least one export file to import"
    assert "\n" not in error["message"]
    assert row_counts(module_demo) == before
    assert _files_left(module_demo.spool(), temp) == []


def test_a_file_that_is_no_zip_is_refused_at_once(
    demo_client: TestClient, module_demo: Settings, archives: dict[str, Path], temp: Path
) -> None:
    log_in(demo_client, SELLER)
    reason = _refused_and_nothing_written(demo_client, module_demo, archives["not_a_zip"], temp)
    assert reason == "export.zip: not a readable ZIP archive (truncated or corrupt?)"


# -- the CLI -----------------------------------------------------------------------------------


def _cli_import(settings: Settings, path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli, ["--db", settings.database_url, "import", str(path), "--person", SELLER]
    )
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("archive", "limits", "starts"),
    [
        ("bomb", {}, "bomb.zip:Connections.csv: member too large to import: inflates "),
        ("bomb", {"MEMBER_BYTES": "4194304", "COMPRESSION_RATIO": "1000000000"}, "bomb.zip:"),
        ("linked_member", {}, "linked.zip:Connections.csv: no header row found"),
        ("not_a_zip", {}, "export.zip: not a readable ZIP archive"),
    ],
)
def test_ascent_import_refuses_them_with_one_line_and_writes_nothing(
    module_demo: Settings,
    archives: dict[str, Path],
    temp: Path,
    monkeypatch: pytest.MonkeyPatch,
    archive: str,
    limits: dict[str, str],
    starts: str,
) -> None:
    for name, value in limits.items():
        monkeypatch.setenv(f"ASCENT_LIMIT_{name}", value)
    before = row_counts(module_demo)
    code, stderr = _cli_import(module_demo, archives[archive])
    assert code == 2, stderr
    line = stderr.strip()
    assert "\n" not in line
    assert (
        line.removeprefix("error: ")
        .removeprefix(str(archives[archive].parent) + "/")
        .startswith(starts)
    ), line
    if limits:
        assert "member too large to import" in line
    assert row_counts(module_demo) == before
    assert _files_left(temp) == []


# -- bodies of 2 GB, never sent ------------------------------------------------------------


@pytest.fixture(scope="module")
def servers(module_demo: Settings) -> Iterator[dict[str, int]]:
    """Ports of two servers on the demo: the default limits (uploads up to 1 GiB), and
    uploads capped at 16 MiB."""
    capped = replace(module_demo, limits=Limits(upload_bytes=16 * MIB))
    ports: dict[str, int] = {}
    running: list[tuple[uvicorn.Server, threading.Thread, socket.socket]] = []
    for name, settings in (("default", module_demo), ("capped", capped)):
        app = create_app(settings, secret=SECRET, today=lambda: DEMO_DAY)
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        ports[name] = sock.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        running.append((server, thread, sock))
    for server, thread, _ in running:
        while not server.started:
            assert thread.is_alive(), "the test server did not start"
            threading.Event().wait(0.05)
    yield ports
    for server, thread, sock in running:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def _declare(port: int, path: str, length: int, content_type: str) -> tuple[int, bytes]:
    """Send only the headers of a POST of ``length`` bytes; the status and body answered."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {length}\r\nConnection: close\r\n\r\n"
        )
        conn.sendall(head.encode())
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    status_line, _, rest = answer.partition(b"\r\n")
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2]


@pytest.mark.parametrize(
    ("server", "path", "length", "cap"),
    [
        ("default", "/login", 2 * GB, "1,048,576"),
        ("default", "/seller/1/log", 2 * GB, "1,048,576"),
        ("default", "/api/v1/people/1/activities", 2 * GB, "1,048,576"),
        ("default", "/imports.json", 2 * GB, "1,073,741,824"),
        ("default", "/imports", 2 * GB, "1,073,741,824"),
        ("default", "/api/v1/imports", 2 * GB, "1,073,741,824"),
        ("capped", "/imports.json", 20 * MIB, "16,777,216"),
    ],
)
def test_a_2_gb_body_is_refused_before_it_is_read(
    servers: dict[str, int], module_demo: Settings, server: str, path: str, length: int, cap: str
) -> None:
    """Only the headers are sent: the answer (413, the one error shape) comes before a byte of
    the body, and nothing is written."""
    before = row_counts(module_demo)
    status, body = _declare(servers[server], path, length, "multipart/form-data; boundary=b")
    assert status == 413
    assert body == (
        b'{"error": {"type": "too_large", "message": "the request is larger than '
        + cap.encode()
        + b' bytes", "file": null, "line": null}}'
    )
    assert row_counts(module_demo) == before
