"""The columnar path (issue 10) yields the row path's records, on every LinkedIn fixture, the
generated benchmark and demo exports, tiny edge cases and random files.

Equality is on the expanded stream, each ``ActivityBatch`` replaced by its ``records()``: the
same records in the same order. Each test also says which path really read the file (how
many batches came out), so that a silent fall-back to the row path cannot pass for a proof.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ascent.demo.generator import build_demo
from ascent.domain.records import (
    ActivityBatch,
    ActivityRecord,
    Note,
    Record,
    Rejected,
)
from ascent.errors import ConfigError, InputError
from ascent.importers.limits import Limits
from ascent.importers.linkedin import KNOWN_FILES, LINKEDIN, columnar
from ascent.importers.read_path import COLUMNAR_MIN_BYTES, IMPORT_PATH_ENV, chosen_path
from ascent.importers.source import Source

FIXTURES = Path(__file__).parents[1] / "fixtures"
_KNOWN = {name.lower() for name in KNOWN_FILES}
LINKEDIN_FIXTURES = sorted({p.parent for p in FIXTURES.rglob("*") if p.name.lower() in _KNOWN})
GENERATE = Path(__file__).parents[2] / "benchmarks" / "generate.py"
ADA, BOB = "https://www.linkedin.com/in/ada", "https://www.linkedin.com/in/bob"
HEAD = "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
M10 = HEAD + "DATE,SUBJECT,CONTENT,FOLDER\n"
M12 = HEAD + "DATE,SUBJECT,CONTENT,FOLDER,IS MESSAGE DRAFT,IS CONVERSATION DRAFT\n"
#: the files the columnar path reads (the 2025+ quoting of Comments.csv)
READ_AS_COLUMNS = (
    "Connections.csv",
    "Invitations.csv",
    "messages.csv",
    "Shares.csv",
    "Comments.csv",
    "Reactions.csv",
)
PROFILE = "First Name,Last Name,Headline\nAda,Example,Sales\n"


@dataclass
class Reading:
    """What one path gave: the expanded records, the batches among them, and the files the
    columnar reader tried, by name (False: it gave up and the row path read the file)."""

    records: list[Record] = field(default_factory=list)
    batches: int = 0
    columnar: dict[str, bool] = field(default_factory=dict)


def read(path: Path, read_path: str, monkeypatch: pytest.MonkeyPatch) -> Reading:
    """``path`` read by ``read_path``."""
    reading = Reading()
    first_pass = columnar.ColumnarFile.first_pass

    def watched(self: columnar.ColumnarFile, visit: Callable[[columnar.Block], None]) -> bool:
        read = first_pass(self, visit)
        reading.columnar[Path(self.name).name] = read
        return read

    monkeypatch.setenv(IMPORT_PATH_ENV, read_path)
    monkeypatch.setattr(columnar.ColumnarFile, "first_pass", watched)
    with Source.open(path) as source:
        for record in LINKEDIN.parse(source):
            if isinstance(record, ActivityBatch):
                reading.batches += 1
                reading.records += record.records()
            else:
                reading.records.append(record)
    monkeypatch.setattr(columnar.ColumnarFile, "first_pass", first_pass)
    return reading


def both(path: Path, monkeypatch: pytest.MonkeyPatch) -> Reading:
    """The columnar path's reading, its records required equal to the row path's."""
    rows = read(path, "rows", monkeypatch)
    columns = read(path, "columns", monkeypatch)
    assert rows.batches == 0
    assert rows.columnar == {}
    assert columns.records == rows.records
    return columns


def write(folder: Path, messages: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Profile.csv").write_text(PROFILE, encoding="utf-8")
    data = messages if isinstance(messages, bytes) else messages.encode("utf-8")
    (folder / "messages.csv").write_bytes(data)
    return folder


def rejected(records: list[Record]) -> list[tuple[int, str]]:
    return [(r.line, r.reason) for r in records if isinstance(r, Rejected)]


@pytest.mark.parametrize("fixture", LINKEDIN_FIXTURES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_every_linkedin_fixture_reads_the_same_on_both_paths(
    fixture: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reading = both(fixture, monkeypatch)
    modern = not fixture.name.startswith("2018")  # 2018 Messages.csv stays on the row path
    assert reading.columnar.get("messages.csv", False) == modern


@pytest.mark.slow
def test_the_generated_benchmark_export_reads_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATE)
    assert spec is not None
    assert spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    generate.generate(tmp_path, 20_000)
    monkeypatch.setattr(columnar, "BLOCK_BYTES", 1024 * 1024)  # 7 MB: several blocks
    reading = both(tmp_path, monkeypatch)
    assert reading.columnar == dict.fromkeys(READ_AS_COLUMNS[1:], True)  # no Connections
    assert reading.batches >= 6
    assert sum(isinstance(r, ActivityRecord) for r in reading.records) == 23_329


def test_the_demo_exports_read_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    manifest = build_demo(tmp_path, end=date(2026, 3, 9))
    for entry in manifest.personas:
        reading = both(entry.export, monkeypatch)
        assert reading.columnar == dict.fromkeys(READ_AS_COLUMNS, True), entry.persona.key


def test_line_breaks_blank_lines_and_rejections_keep_their_physical_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        M10
        + f'c1,,Ada,{ADA},Bob,{BOB},2024-01-02 10:00:00 UTC,,"one\r\ntwo\rthree\nfour",INBOX\r\n'
        + "\n"
        + f"c1,,,,Ada,{ADA},2024-01-02 10:01:00 UTC,,no sender,INBOX\n"
        + f'c1,,Bob,{BOB},Ada,{ADA},2024-02-30 10:00:00 UTC,,"x\r",INBOX\n'
        + f'c1,,Bob,{BOB},Ada,{ADA},0000-01-01 10:00:00,,"\ny",INBOX\n'
        + f"c1,,Bob,{BOB},Ada,{ADA},2024-01-02 24:00:00 UTC,,z,INBOX\n"
        + f"c1,,Bob,{BOB},Ada,{ADA},2024-01-02 23:59:60 UTC,,z,INBOX\n"
        + f"c1,,Bob,{BOB},Ada,{ADA},1/2/24 10:03,,Excel &amp; co?,INBOX\n"
        + f"c1,,Bob,{BOB},Ada,{ADA}, 2024-01-03 10:00:00 ,, NA ,INBOX\n"
    )
    reading = both(write(tmp_path, text), monkeypatch)
    assert reading.columnar == {"messages.csv": True}
    assert reading.batches == 2  # cut at the rejected rows
    assert rejected(reading.records) == [
        (7, "no sender (empty FROM and SENDER PROFILE URL)"),
        (8, "unreadable date '2024-02-30 10:00:00 UTC' in DATE"),
        (10, "unreadable date '0000-01-01 10:00:00' in DATE"),
        (12, "unreadable date '2024-01-02 24:00:00 UTC' in DATE"),
        (13, "unreadable date '2024-01-02 23:59:60 UTC' in DATE"),
    ]
    bodies = [r.body for r in reading.records if isinstance(r, ActivityRecord)]
    assert bodies == ["one\ntwo\rthree\nfour", "Excel & co?", None]


def test_rejections_in_later_blocks_keep_their_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [
        f'c{i},,Bob,{BOB},Ada,{ADA},2024-01-02 10:00:{i % 60:02d} UTC,,"hi\r\nthere {i}",INBOX\n'
        for i in range(300)
    ]
    rows[250] = f"c250,,Bob,{BOB},Ada,{ADA},never,,x,INBOX\n"
    monkeypatch.setattr(columnar, "BLOCK_BYTES", 2048)
    reading = both(write(tmp_path, M10 + "".join(rows)), monkeypatch)
    assert reading.columnar == {"messages.csv": True}
    assert reading.batches > 10
    assert rejected(reading.records) == [(2 + 2 * 250, "unreadable date 'never' in DATE")]


def test_drafts_system_mail_and_hidden_members_are_skipped_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        M12
        + f"t1,,Ada Example,{ADA},Bob,{BOB},2024-01-02 10:00:00 UTC,,hi,INBOX,No,No\n"
        + "t1,,LinkedIn Member,,Ada Example,,2024-01-02 10:01:00 UTC,,hello,INBOX,No,No\n"
        + "t2,,LinkedIn Member,,Ada Example,,2024-01-02 10:02:00 UTC,,spam,INBOX,No,No\n"
        + f"t3,Sponsored Conversation,Acme,,Ada,{ADA},2024-01-02 10:03:00 UTC,,ad,INBOX,No,No\n"
        + f"t4,,Sam from LinkedIn,,Ada,{ADA},2024-01-02 10:04:00 UTC,,tip,INBOX,No,No\n"
        + f",,Ada Example,{ADA},,,2024-01-02 10:05:00 UTC,,draft,,Yes,Yes\n"
        + f"t5,,Ada Example,{ADA},Bob,{BOB},2024-01-02 10:06:00 UTC,,draft,INBOX,YES,No\n"
        + ",,,,,,,,,,,\n"
    )
    reading = both(write(tmp_path, text), monkeypatch)
    assert reading.columnar == {"messages.csv": True}
    assert reading.batches == 1
    kinds = [(r.kind, r.contact) for r in reading.records if isinstance(r, ActivityRecord)]
    assert [k for k, _ in kinds] == ["message_out", "message_in"]
    assert kinds[0][1] == kinds[1][1]  # the hidden reply is the thread's counterpart's
    assert [n.message for n in reading.records if isinstance(n, Note)] == [
        "skipped 2 drafts, 3 sponsored/system messages (1 sponsored InMail, 1 from LinkedIn "
        "itself, 1 from a hidden LinkedIn Member in threads the owner never wrote in)"
    ]


@pytest.mark.parametrize(
    ("why", "data"),
    [
        ("a short row", M10 + f"c1,,Bob,{BOB},Ada\n"),
        ("a long row", M10 + f"c1,,Bob,{BOB},Ada,{ADA},2024-01-02 10:00:00,,x,INBOX,extra\n"),
        ("a blank-looking line", M10 + "   \n" + f"c1,,Bob,{BOB},Ada,{ADA},2024-01-02,,x,INBOX\n"),
        (
            "a cp1252 byte",
            (M10 + f"c1,,Bob,{BOB},Ada,{ADA},2024-01-02,,caf").encode() + b"\xe9,IN\n",
        ),
        ("a semicolon file", M10.replace(",", ";") + f"c1;;Bob;{BOB};Ada;;2024-01-02;;x;INBOX\n"),
        (
            "UTF-16",
            b"\xff\xfe" + (M10 + f"c1,,Bob,{BOB},Ada,,2024-01-02,,x,I\n").encode("utf-16-le"),
        ),
        (
            "a lone CR in the header",
            M10.replace("\n", "\r") + f"c1,,Bob,{BOB},Ada,,2024-01-02,,x,I\n",
        ),
    ],
)
def test_what_the_reader_cannot_take_is_read_row_by_row(
    why: str, data: str | bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reading = both(write(tmp_path, data), monkeypatch)
    assert reading.columnar in ({}, {"messages.csv": False}), why  # not chosen, or given up
    assert reading.batches == 0


def test_a_row_longer_than_a_block_is_read_row_by_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(columnar, "BLOCK_BYTES", 4096)
    text = M10 + f'c1,,Bob,{BOB},Ada,{ADA},2024-01-02 10:00:00 UTC,,"{"long " * 2000}",INBOX\n'
    reading = both(write(tmp_path, text), monkeypatch)
    assert reading.columnar == {"messages.csv": False}
    assert len([r for r in reading.records if isinstance(r, ActivityRecord)]) == 1


CELL = st.text(alphabet=st.sampled_from('ab ,"\r\n&;?NA\u00a0\u202f'), max_size=8)
NAMES = st.sampled_from(["Ada Example", "Bob", "LinkedIn Member", "", "Sam from LinkedIn", "NA"])
URLS = st.sampled_from([ADA, BOB, "", f"{BOB}/", "https://www.linkedin.com/in", "urn:li:member:1"])
DATES = st.sampled_from(
    ["2024-01-02 10:00:00 UTC", "2024-01-02 10:00:00", "2024-02-30 00:00:00", "1/2/24 10:03", "x"]
)
ROW = st.tuples(
    st.sampled_from(["t1", "t2", ""]),
    st.sampled_from(["", "Sponsored Conversation"]),
    NAMES,
    URLS,
    NAMES,
    st.lists(URLS, max_size=3).map(",".join),
    DATES,
    CELL,
    CELL,
    st.sampled_from(["INBOX", "", "SPAM"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(ROW, max_size=12),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
    ending=st.sampled_from(["\n", "\r\n", "\r"]),
    block=st.sampled_from([512, 4096, 1 << 20]),
)
def test_random_message_files_read_the_same_on_both_paths(
    rows: list[tuple[str, ...]], quoting: int, ending: str, block: int
) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, quoting=quoting, lineterminator=ending).writerows(rows)
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(columnar, "BLOCK_BYTES", block)
        both(write(Path(folder), M10 + buffer.getvalue()), patch)


def test_auto_reads_big_files_as_columns_and_small_ones_by_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "small.csv").write_bytes(b"x" * (COLUMNAR_MIN_BYTES - 1))
    (tmp_path / "big.csv").write_bytes(b"x" * COLUMNAR_MIN_BYTES)
    monkeypatch.delenv(IMPORT_PATH_ENV, raising=False)
    with Source.open(tmp_path) as source:
        assert chosen_path(source, "small.csv") == "rows"
        assert chosen_path(source, "big.csv") == "columns"
        monkeypatch.setenv(IMPORT_PATH_ENV, "rows")
        assert chosen_path(source, "big.csv") == "rows"
        monkeypatch.setenv(IMPORT_PATH_ENV, "columns")
        assert chosen_path(source, "small.csv") == "columns"
        monkeypatch.setenv(IMPORT_PATH_ENV, "fast")
        with pytest.raises(ConfigError, match="must be rows, columns or auto"):
            chosen_path(source, "small.csv")


@pytest.mark.parametrize("read_path", ["rows", "columns"])
def test_the_caps_hold_on_both_paths(
    read_path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A member over the cap is refused with the same error, whichever path would read it."""
    rows = "".join(
        f"c{i},,Bob,{BOB},Ada,{ADA},2024-01-02 10:00:00 UTC,,hello {i},INBOX\n" for i in range(99)
    )
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("messages.csv", M10 + rows)
        zf.writestr("Profile.csv", PROFILE)
    monkeypatch.setenv(IMPORT_PATH_ENV, read_path)
    with (
        Source.open(archive, Limits(member_bytes=4096)) as source,
        pytest.raises(InputError, match="member too large to import") as refused,
    ):
        list(LINKEDIN.parse(source))
    assert refused.value.file == "export.zip:messages.csv"


def test_a_reader_giving_up_midway_has_yielded_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the stream raises mid-file (a cap, a broken member) reaches the columnar reader
    as ``Unreadable`` in its first pass: the row path then reads the whole file alone."""
    rows = [
        f"c{i},,Bob,{BOB},Ada,{ADA},2024-01-02 10:00:00 UTC,,hello {i},INBOX\n" for i in range(300)
    ]
    monkeypatch.setattr(columnar, "BLOCK_BYTES", 2048)
    next_batch, seen = columnar._next_batch, []

    def failing(reader: object) -> object:
        seen.append(1)
        if len(seen) == 5:
            raise columnar.Unreadable("broken member")
        return next_batch(reader)

    monkeypatch.setattr(columnar, "_next_batch", failing)
    reading = both(write(tmp_path, M10 + "".join(rows)), monkeypatch)
    assert reading.columnar == {"messages.csv": False}
    assert reading.batches == 0
    assert sum(isinstance(r, ActivityRecord) for r in reading.records) == 300
