"""``docs/deploy.md`` followed from scratch on this machine's PostgreSQL: its runnable blocks
(each after ``<!-- deploy-test -->``), in order, in one shell.

They create a role and a database, write the environment file, migrate, add the first
admin, import an export, serve and ask ``/readyz``, back up, and restore into an empty
database that must give the same ``ascent people --json``. The test gives them scratch
names and its own directories (``SUBSTITUTIONS``: each must still be in the guide, so the
guide cannot drift from what is run), and its virtual environment as the install. What
needs root, systemd, a domain or the internet (packages, the system user, the units, the
proxy and TLS) is not marked in the guide, so not run here.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import URL, create_engine, make_url

from ascent.settings import ENV_DATABASE_URL

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "deploy.md"
RUNNABLE = re.compile(r"<!-- deploy-test -->\n```sh\n(.*?)```", re.DOTALL)
EXPORT = ROOT / "tests" / "fixtures" / "linkedin" / "2026"


def runnable_blocks() -> list[str]:
    return RUNNABLE.findall(GUIDE.read_text(encoding="utf-8"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server() -> Iterator[URL]:
    """The PostgreSQL server of the test run (its admin URL); the guide's scratch role and
    databases are dropped at the end, whatever happened."""
    url = make_url(os.environ[ENV_DATABASE_URL]).set(database="postgres")
    yield url
    suffix = os.getpid()
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for name in (f"ascent_deploy_{suffix}", f"ascent_drill_{suffix}"):
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'DROP ROLE IF EXISTS "ascent_deploy_{suffix}"')
    admin.dispose()


def substitutions(server: URL, tmp: Path, port: int) -> dict[str, str]:
    """What the guide names on a real server -> what this test uses instead."""
    suffix = os.getpid()
    role, db, drill = f"ascent_deploy_{suffix}", f"ascent_deploy_{suffix}", f"ascent_drill_{suffix}"
    on_server = f"-h {server.host} -p {server.port or 5432} -U {server.username}"
    return {
        "sudo -u postgres psql": f"psql {on_server}",
        "sudo -u postgres createdb --owner ascent ascent_drill": (
            f"createdb {on_server} --owner {role} {drill}"
        ),
        "sudo -u postgres dropdb ascent_drill": f"dropdb {on_server} {drill}",
        "CREATE ROLE ascent LOGIN": f"CREATE ROLE {role} LOGIN",
        "CREATE DATABASE ascent OWNER ascent": f"CREATE DATABASE {db} OWNER {role}",
        "postgresql+psycopg://ascent@/ascent_drill?host=/run/postgresql": (
            f"postgresql+psycopg://{role}@{server.host}:{server.port or 5432}/{drill}"
        ),
        "postgresql+psycopg://ascent@/ascent?host=/run/postgresql": (
            f"postgresql+psycopg://{role}@{server.host}:{server.port or 5432}/{db}"
        ),
        # no group ``ascent`` on this machine: the file stays the test's own
        "chown root:ascent /etc/ascent/ascent.env": "true",
        "/etc/ascent": str(tmp / "etc"),
        "/var/lib/ascent": str(tmp / "home"),
        "/var/backups/ascent": str(tmp / "backups"),
        "/tmp/linkedin-export.zip": str(EXPORT),
        "/tmp/people-": str(tmp / "people-"),
        "127.0.0.1:8000": f"127.0.0.1:{port}",
        "--port 8000": f"--port {port}",
    }


def test_the_deploy_guide_runs_from_scratch(server: URL, tmp_path: Path) -> None:
    script = "\n".join(runnable_blocks())
    for name, replacement in substitutions(server, tmp_path, free_port()).items():
        assert name in script, f"the guide no longer says {name!r}"
        script = script.replace(name, replacement)
    for directory in ("etc", "home", "backups"):
        (tmp_path / directory).mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASCENT_", "PG"))}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    done = subprocess.run(
        ["/bin/bash", "-euo", "pipefail", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    ready = next(line for line in done.stdout.splitlines() if line.startswith('{"status"'))
    assert json.loads(ready)["status"] == "ok"
    assert done.stdout.splitlines()[-1] == "the drill restored the same people"
    people = json.loads((tmp_path / "people-before.json").read_text(encoding="utf-8"))
    assert [(p["email"], p["team"]) for p in people] == [("ada@example.org", "North")]
    assert [p.name[:7] for p in (tmp_path / "backups").iterdir()] == ["ascent-"]
