"""SQLite engines: WAL is switched on once per database file, also when processes race;
a writer that waits too long gets one line, not a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from ascent.errors import Busy
from ascent.settings import Settings
from ascent.store import engine as engine_module
from ascent.store.engine import lock_for_writing, make_engine


class _Racing:
    """A cursor whose journal-mode switch meets another process's switch ``times`` times.

    SQLite answers that at once with "database is locked": its busy timeout does not apply.
    """

    def __init__(self, times: int, mode: str = "delete") -> None:
        self.times, self.mode = times, mode
        self.statements: list[str] = []

    def execute(self, sql: str) -> Any:
        self.statements.append(sql)
        if sql == "PRAGMA journal_mode=WAL":
            if self.times:
                self.times -= 1
                raise sqlite3.OperationalError("database is locked")
            self.mode = "wal"
        return self

    def fetchone(self) -> tuple[str]:
        return (self.mode,)


def test_a_locked_switch_to_wal_is_tried_again_until_it_is_made() -> None:
    cursor = _Racing(times=2)
    engine_module._use_wal(cursor)  # type: ignore[arg-type]
    assert cursor.mode == "wal"
    assert cursor.statements.count("PRAGMA journal_mode=WAL") == 3


def test_a_database_already_in_wal_is_not_switched_again() -> None:
    cursor = _Racing(times=5, mode="wal")
    engine_module._use_wal(cursor)  # type: ignore[arg-type]
    assert cursor.statements == ["PRAGMA journal_mode"]


def test_other_errors_are_not_retried() -> None:
    class Broken(_Racing):
        def execute(self, sql: str) -> Any:
            raise sqlite3.OperationalError("disk I/O error")

    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
        engine_module._use_wal(Broken(times=0))  # type: ignore[arg-type]


def test_a_new_database_file_is_in_wal_mode(tmp_path: Path) -> None:
    engine = make_engine(Settings(f"sqlite:///{tmp_path / 'new.db'}", explicit_database=True))
    try:
        with engine.connect() as connection:
            mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar_one()
    finally:
        engine.dispose()
    assert mode == "wal"


def test_a_writer_that_waits_longer_than_the_busy_timeout_gets_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "SQLITE_BUSY_SECONDS", 1)
    engine = make_engine(Settings(f"sqlite:///{tmp_path / 'busy.db'}", explicit_database=True))
    told: list[str] = []
    try:
        with engine.connect() as first, engine.connect() as second:
            lock_for_writing(first, "writer:default")
            with pytest.raises(Busy) as caught:
                lock_for_writing(second, "writer:default", lambda: told.append("waiting"))
    finally:
        engine.dispose()
    assert told == ["waiting"]
    assert str(caught.value) == (
        "another import or change held the database for 1 s; try again when it has finished"
    )
