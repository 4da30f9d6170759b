"""An Ascent CSV read as columns (issue 10) yields the row path's records: on every Ascent
CSV fixture, the demo's outcomes file, the cases of ``test_ascent_csv``, tiny edge cases and
random files, and through the import service into the database.

Equality is on the expanded stream, each ``ActivityBatch`` replaced by its ``records()``.
Each test also says whether the columnar reader really read the file (and how many batches
came out), so that a silent fall-back to the row path cannot pass for a proof.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select

from ascent.bootstrap import scoped_unit_of_work
from ascent.demo.generator import build_demo
from ascent.domain.records import (
    ActivityBatch,
    ActivityRecord,
    ContactRef,
    OutcomeRecord,
    Record,
    Rejected,
)
from ascent.domain.vocabulary import OUTCOME_KINDS
from ascent.errors import InputError
from ascent.importers.ascent_csv import ASCENT_CSV, COLUMNS
from ascent.importers.linkedin import columnar
from ascent.importers.read_path import COLUMNAR_MIN_BYTES, IMPORT_PATH_ENV
from ascent.importers.source import Source
from ascent.service.imports import import_paths
from ascent.store.models import Activity, Org, Outcome

FIXTURES = Path(__file__).parents[1] / "fixtures"
HEADER = "date,kind,person,channel,contact,contact_url,account,amount,source,note,id\n"
BOB_URL = "https://www.linkedin.com/in/bob-b"


def _ascent_fixtures() -> list[Path]:
    found = []
    for path in sorted(FIXTURES.rglob("*.csv")):
        with Source.open(path) as source:
            if ASCENT_CSV.detect(source):
                found.append(path)
    return found


@dataclass
class Reading:
    """What one path gave: the expanded records, how many batches among them, and whether the
    columnar reader read the file (None: not tried; False: it gave up, the rows read it)."""

    records: list[Record] = field(default_factory=list)
    batches: int = 0
    columnar: bool | None = None


def read(path: Path, read_path: str, monkeypatch: pytest.MonkeyPatch) -> Reading:
    """``path`` read by ``read_path`` (``rows``, ``columns`` or ``auto``)."""
    reading = Reading()
    first_pass = columnar.ColumnarFile.first_pass

    def watched(self: columnar.ColumnarFile, visit: Callable[[columnar.Block], None]) -> bool:
        reading.columnar = first_pass(self, visit)
        return reading.columnar

    monkeypatch.setenv(IMPORT_PATH_ENV, read_path)
    monkeypatch.setattr(columnar.ColumnarFile, "first_pass", watched)
    try:
        with Source.open(path) as source:
            for record in ASCENT_CSV.parse(source):
                if isinstance(record, ActivityBatch):
                    reading.batches += 1
                    reading.records += record.records()
                else:
                    reading.records.append(record)
    finally:
        monkeypatch.setattr(columnar.ColumnarFile, "first_pass", first_pass)
    return reading


def both(path: Path, monkeypatch: pytest.MonkeyPatch) -> Reading:
    """The columnar path's reading, its records required equal to the row path's."""
    rows = read(path, "rows", monkeypatch)
    columns = read(path, "columns", monkeypatch)
    assert (rows.batches, rows.columnar) == (0, None)
    assert columns.records == rows.records
    return columns


def write(folder: Path, text: str | bytes, name: str = "log.csv") -> Path:
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def rejected(records: list[Record]) -> list[tuple[int, str]]:
    return [(r.line, r.reason) for r in records if isinstance(r, Rejected)]


@pytest.mark.parametrize("fixture", _ascent_fixtures(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_every_ascent_csv_fixture_reads_the_same_on_both_paths(
    fixture: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reading = both(fixture, monkeypatch)
    assert reading.columnar is True
    # an activity naming an account is a single record (a batch has no account column)
    with fixture.open(encoding="utf-8", newline="") as text:
        rows = list(csv.DictReader(text))
    in_batches = [r for r in rows if r["kind"] not in OUTCOME_KINDS and not r.get("account")]
    assert (reading.batches >= 1) == bool(in_batches)


def test_the_fixtures_are_found() -> None:
    assert [p.relative_to(FIXTURES) for p in _ascent_fixtures()] == [
        Path("ascent_csv/pursuits.csv"),
        Path("report/north.csv"),
        Path("report/south.csv"),
    ]


def test_the_demo_outcomes_read_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    manifest = build_demo(tmp_path, end=date(2026, 3, 9))
    reading = both(manifest.outcomes, monkeypatch)
    assert reading.columnar is True
    assert sum(isinstance(r, OutcomeRecord) for r in reading.records) > 10


# the files of test_ascent_csv.py, each read on both paths
ROW_PATH_CASES = {
    "activity and outcome": HEADER
    + "2026-03-05,call,ada@demo.example,,Bob Buyer,https://www.linkedin.com/in/Bob%2DB/,"
    "Acme Example,,,coffee?,c1\n"
    + "2026-03-06T14:30:00+01:00,deal_won,,,,,Acme Example,12000.50,linkedin,,\n",
    "bad rows": "\ufeffdate,kind,note\r\n"
    "2026-02-30,call,\r\n"
    "2026-03-01,coffee,\r\n"
    '2026-03-02,call,"two\r\nlines"\r\n'
    "2026-03-03,meeting,\r\n"
    ",call,\r\n",
    "channel and amount": "date,kind,channel,amount\n"
    "2026-03-01,call,pigeon,\n2026-03-01,opportunity,,12k\n",
    "excel re-save": "\ufeffdate;kind;contact\r\n2026-03-05;call;Zoë Example\r\n",
}


@pytest.mark.parametrize("case", list(ROW_PATH_CASES))
def test_the_row_path_cases_read_the_same(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reading = both(write(tmp_path, ROW_PATH_CASES[case]), monkeypatch)
    assert reading.columnar is (None if case == "excel re-save" else True)  # ';': rows alone


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("date,person\n2026-03-01,ada\n", r"no header row found"),
        ("date,kind,colour\n2026-03-01,call,red\n", r"unknown column\(s\) colour"),
    ],
)
@pytest.mark.parametrize("read_path", ["rows", "columns"])
def test_a_bad_header_is_the_same_error_on_both_paths(
    text: str, error: str, read_path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError, match=error) as refused:
        read(path, read_path, monkeypatch)
    assert refused.value.file == str(path)


def test_a_header_alone_yields_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a header without a line end is the rows' (the columnar reader skips whole lines)
    for text, read_as_columns in ((HEADER, True), (HEADER + "\n\n", True), (HEADER[:-1], False)):
        reading = both(write(tmp_path, text), monkeypatch)
        assert (reading.records, reading.columnar) == ([], read_as_columns)


def test_blank_lines_multi_line_notes_bom_and_crlf_keep_their_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        "\ufeffDate,Kind,Note,Contact_URL\r\n"
        '2026-03-05,call,"first\r\nsecond, ""quoted""\nthird",www.linkedin.com/in/bob-b/\r\n'
        "\r\n"
        ",,,\r\n"
        " , , , \r\n"
        "2026-03-06, MEETING ,  ,\r\n"
        "2026-13-01,meeting,,\r\n"
        "\n"
        "2026-03-07,call,last,https://www.linkedin.com/in/Bob%2DB/"
    )
    reading = both(write(tmp_path, text), monkeypatch)
    assert reading.columnar is True
    assert reading.batches == 2  # cut at the rejected row
    assert rejected(reading.records) == [
        (9, "unreadable date '2026-13-01' (use YYYY-MM-DD or ISO datetime)")
    ]
    kept = [r for r in reading.records if isinstance(r, ActivityRecord)]
    assert [(r.kind, r.channel, r.body, r.contact) for r in kept] == [
        ("call", "phone", 'first\r\nsecond, "quoted"\nthird', ContactRef(profile_url=BOB_URL)),
        ("meeting", "meeting", None, None),
        ("call", "phone", "last", ContactRef(profile_url=BOB_URL)),
    ]


def test_unusable_cells_are_rejected_at_their_lines_in_the_row_path_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        "date,kind,channel,amount,source,note\n"
        "2026-03-01,coffee,pigeon,12k,fax,a\n"  # 2: kind before channel
        "2026-03-01,call,pigeon,12k,,b\n"  # 3: channel; an activity's amount is not read
        "2026-03-01,deal_won,,12k,fax,c\n"  # 4: amount before source
        "2026-03-01,deal_won,,12,fax,d\n"  # 5: source
        'x,coffee,pigeon,,,"e\nf"\n'  # 6: the date first
        "2026-03-01,call,,,fax,g\n"  # 8: an activity's source is not read
        " ,call,,,,h\n"  # 9
        "NA,Web_Visits,,NA,,i\n"  # 10
        "2026-03-02,Web_Visits,Web,1e3,LinkedIn,j\n"  # 11
    )
    reading = both(write(tmp_path, text), monkeypatch)
    assert reading.columnar is True
    unreadable = "(use YYYY-MM-DD or ISO datetime)"
    assert rejected(reading.records) == [
        (2, "unknown kind 'coffee'"),
        (3, "unknown channel 'pigeon'"),
        (4, "unreadable amount '12k' (use a plain number like 12000.50)"),
        (5, "unknown source 'fax'"),
        (6, f"unreadable date 'x' {unreadable}"),
        (9, "empty date"),
        (10, f"unreadable date 'NA' {unreadable}"),
    ]
    kept = [r for r in reading.records if not isinstance(r, Rejected)]
    assert [type(r).__name__ for r in kept] == ["ActivityRecord", "OutcomeRecord"]
    outcome = kept[1]
    assert isinstance(outcome, OutcomeRecord)
    assert (outcome.kind, outcome.amount, outcome.source_channel, outcome.note) == (
        "web_visits",
        1000.0,
        "linkedin",
        "j",
    )


def test_batches_are_cut_at_each_person_and_around_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        "date,kind,person,contact,account,amount,id\n"
        "2026-03-01,call,ada,Bob,,,1\n"
        "2026-03-01,call,ada,Cy,,,2\n"
        "2026-03-01,call, ada ,Bob,,,3\n"  # the same person once stripped
        "2026-03-01,call,bea,Bob,,,4\n"
        "2026-03-01,call,bea,NA,Acme,,5\n"  # an account: a record of its own
        "2026-03-01,call,bea,,,,6\n"
        "2026-03-01,deal_won,bea,Bob,,100,7\n"
        "2026-03-01,call,,Bob,,,8\n"
        "2026-03-01,call,,,,,9\n"
    )
    path = write(tmp_path, text)
    reading = both(path, monkeypatch)
    assert reading.columnar is True
    # [1 2 3] [4] record(5) [6] outcome(7) [8 9]
    assert reading.batches == 4
    assert [r.source_key for r in reading.records if not isinstance(r, Rejected)] == [
        f"csv:{n}" for n in range(1, 10)
    ]
    monkeypatch.setenv(IMPORT_PATH_ENV, "columns")
    with Source.open(path) as source:
        shapes = [
            (type(r).__name__, len(r) if isinstance(r, ActivityBatch) else 1, r.person)
            for r in ASCENT_CSV.parse(source)
        ]
    assert shapes == [
        ("ActivityBatch", 3, "ada"),
        ("ActivityBatch", 1, "bea"),
        ("ActivityRecord", 1, "bea"),
        ("ActivityBatch", 1, "bea"),
        ("OutcomeRecord", 1, "bea"),
        ("ActivityBatch", 2, None),
    ]
    named = [r for r in reading.records if isinstance(r, ActivityRecord) and r.account]
    assert [(r.account, r.contact) for r in named] == [
        ("Acme", ContactRef(name="NA", company="Acme"))
    ]


def test_keys_without_an_id_are_the_row_paths_digest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "note,kind,date,id\nfirst,call,2026-03-01,\nsecond,call, 2026-03-01 ,\n"
    reading = both(write(tmp_path, text), monkeypatch)
    keys = [r.source_key for r in reading.records if isinstance(r, ActivityRecord)]
    # date, kind, person … id stripped and joined, the note left out: both are the same call
    material = "\x1f".join(["2026-03-01", "call", *[""] * 8])
    digest = hashlib.sha1(material.encode(), usedforsecurity=False).hexdigest()
    assert keys == [f"csv:{digest}"] * 2


def test_rejections_in_later_blocks_keep_their_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [f'2026-03-01,call,"hi\r\nthere {i}",k{i}\n' for i in range(300)]
    rows[250] = "2026-03-01,coffee,x,k250\n"
    monkeypatch.setattr(columnar, "BLOCK_BYTES", 2048)
    reading = both(write(tmp_path, "date,kind,note,id\n" + "".join(rows)), monkeypatch)
    assert reading.columnar is True
    assert reading.batches >= 5  # 2 KiB blocks of ~25 rows, and the cut at the rejection
    assert rejected(reading.records) == [(2 + 2 * 250, "unknown kind 'coffee'")]


@pytest.mark.parametrize(
    ("why", "text"),
    [
        ("a short row", "date,kind,note\n2026-03-01,call\n"),
        ("a long row", "date,kind,note\n2026-03-01,call,x,y\n"),
        ("a blank-looking line", "date,kind\n   \n2026-03-01,call\n"),
        ("a cp1252 byte", b"date,kind,note\n2026-03-01,call,caf\xe9\n"),
        ("a semicolon file", "date;kind;note\n2026-03-01;call;x\n"),
        ("UTF-16", b"\xff\xfe" + "date,kind\n2026-03-01,call\n".encode("utf-16-le")),
    ],
)
def test_what_the_reader_cannot_take_is_read_row_by_row(
    why: str, text: str | bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reading = both(write(tmp_path, text), monkeypatch)
    assert reading.columnar in (None, False), why
    assert reading.batches == 0
    assert len(reading.records) == 1


def _mostly(good: list[str], bad: list[str]) -> st.SearchStrategy[str]:
    """A usable value three times in four, so that runs of kept rows are common."""
    return st.sampled_from(good * (3 * max(len(bad), 1)) + bad * len(good))


CELL = st.text(alphabet=st.sampled_from('ab ,"\r\n?NA\u00a0'), max_size=6)
VALUES = {
    "date": _mostly(
        ["2026-03-05", " 2026-03-05 ", "2026-03-05T14:30", "2026-03-05 14:30:00+01:00"],
        ["2026-02-30", "", "x", "NA"],
    ),
    "kind": _mostly(["call", " Call ", "meeting", "message_out", "deal_won"], ["coffee", ""]),
    "person": st.sampled_from(["", "ada@demo.example", "Bea", " Bea ", "NA"]),
    "channel": _mostly(["", "phone", "LinkedIn", " email "], ["pigeon"]),
    "contact": st.sampled_from(["", "Bob Buyer", "NA", " Cy "]),
    "contact_url": st.sampled_from(
        ["", "NA", BOB_URL, "linkedin.com/in/Bob%2DB/", "linkedin.com/in"]
    ),
    "account": st.sampled_from(["", "", "Acme", " "]),
    "amount": _mostly(["", "12000.50", " 3 ", "1e3"], ["12k", "NA"]),
    "source": _mostly(["", "linkedin", "X"], ["fax"]),
    "note": CELL,
    "id": st.sampled_from(["", "", "c1", "c2"]),
}


@st.composite
def ascent_files(draw: st.DrawFn) -> tuple[str, bool]:
    """A file's text, and whether it is regular: no cell's CR left unquoted (the writer
    quotes a CR only when its line end has one; the columnar reader rightly gives up)."""
    optional = [c for c in COLUMNS if c not in ("date", "kind")]
    columns = ["date", "kind", *(c for c in optional if draw(st.booleans()))]
    columns = draw(st.permutations(columns))
    rows = draw(st.lists(st.tuples(*(VALUES[c] for c in columns)).map(list), max_size=12))
    for at in draw(st.lists(st.integers(0, len(rows)), max_size=2)):
        rows.insert(at, [""] * len(columns))  # a blank row (all cells empty)
    buffer = io.StringIO()
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    writer = csv.writer(buffer, quoting=quoting, lineterminator=ending)
    writer.writerow([c.upper() if draw(st.booleans()) else c for c in columns])
    writer.writerows(rows)
    regular = quoting == csv.QUOTE_ALL or ending == "\r\n" or "\r" not in buffer.getvalue()
    return draw(st.sampled_from(["", "\ufeff"])) + buffer.getvalue(), regular


@settings(
    max_examples=100,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(file=ascent_files(), block=st.sampled_from([512, 4096, 1 << 20]))
def test_random_ascent_files_read_the_same_on_both_paths(
    file: tuple[str, bool], block: int
) -> None:
    text, regular = file
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(columnar, "BLOCK_BYTES", block)
        reading = both(write(Path(folder), text), patch)
        assert reading.columnar is True or not regular


def _big_file(folder: Path) -> tuple[Path, int, int, int]:
    """An Ascent CSV over ``COLUMNAR_MIN_BYTES``: its path, activities, outcomes, rejections."""
    lines = [HEADER]
    activities = outcomes = skipped = 0
    i = 0
    while sum(map(len, lines)) < COLUMNAR_MIN_BYTES + 1000:
        day = date(2026, 1, 1 + i % 28).isoformat()
        person = ("ada@demo.example", "bea@demo.example", "")[i % 3]
        if i % 10 == 9:
            lines.append(f"{day},deal_won,{person},,Bob Buyer,,Acme,{i},linkedin,won,d{i}\n")
            outcomes += 1
        elif i % 50 == 7:
            lines.append(f"{day},coffee,{person},,,,,,,,x{i}\n")
            skipped += 1
        else:
            account = "Acme" if i % 4 == 0 else ""
            lines.append(
                f"{day}T09:{i % 60:02d},message_out,{person},,Contact {i % 97},"
                f"https://www.linkedin.com/in/c{i % 97},{account},,,note {i},\n"
            )
            activities += 1
        i += 1
    path = folder / "big.csv"
    path.write_text("".join(lines), encoding="utf-8")
    return path, activities, outcomes, skipped


def _stored(engine: Engine, slug: str) -> tuple[int, int, list[tuple[str, str, str]]]:
    with engine.connect() as connection:
        org = connection.execute(select(Org.id).where(Org.slug == slug)).scalar_one()
        counts = [
            int(
                connection.execute(
                    select(func.count()).select_from(model).where(model.org_id == org)
                ).scalar_one()
            )
            for model in (Activity, Outcome)
        ]
        keys = connection.execute(
            select(Activity.kind, Activity.channel, Activity.source_key)
            .where(Activity.org_id == org)
            .order_by(Activity.source_key)
        ).all()
    return counts[0], counts[1], [tuple(k) for k in keys]


def test_a_big_file_on_auto_is_imported_as_columns_with_the_rows_result(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, activities, outcomes, skipped = _big_file(tmp_path)
    assert path.stat().st_size >= COLUMNAR_MIN_BYTES
    tried: list[bool] = []
    first_pass = columnar.ColumnarFile.first_pass

    def watched(self: columnar.ColumnarFile, visit: Callable[[columnar.Block], None]) -> bool:
        tried.append(first_pass(self, visit))
        return tried[-1]

    monkeypatch.setattr(columnar.ColumnarFile, "first_pass", watched)
    reports = []
    for slug, read_path in (("by-rows", "rows"), ("by-auto", "auto")):
        monkeypatch.setenv(IMPORT_PATH_ENV, read_path)
        with scoped_unit_of_work(engine, org=slug, write=True) as uow:
            report = import_paths(uow, paths=[path], person="Ada Example", today=date(2026, 3, 1))
        reports.append({k: v for k, v in report.to_dict().items() if k != "files"})
    assert tried == [True]  # rows never tried the columnar reader; auto read it through
    assert reports[1] == reports[0]
    assert len(reports[1]["skipped"]) == skipped
    by_rows, by_auto = _stored(engine, "by-rows"), _stored(engine, "by-auto")
    assert by_auto == by_rows
    assert by_auto[:2] == (activities, outcomes)


def test_the_columnar_time_is_the_row_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "date,kind\n2026-03-05 14:30:00+01:00,call\n2026-03-05,call\n"
    reading = both(write(tmp_path, text), monkeypatch)
    assert [r.occurred_at for r in reading.records if isinstance(r, ActivityRecord)] == [
        datetime(2026, 3, 5, 13, 30, tzinfo=UTC),
        datetime(2026, 3, 5, tzinfo=UTC),
    ]


def test_a_small_file_never_imports_pyarrow(tmp_path: Path) -> None:
    path = write(tmp_path, "date,kind\n2026-03-01,call\n")
    script = (
        "import sys; from pathlib import Path\n"
        "from ascent.importers.ascent_csv import ASCENT_CSV\n"
        "from ascent.importers.source import Source\n"
        f"records = list(ASCENT_CSV.parse(Source.open(Path({str(path)!r}))))\n"
        "print(type(records[0]).__name__, 'pyarrow' in sys.modules)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != IMPORT_PATH_ENV}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env
    )
    assert done.stdout == "ActivityRecord False\n"
