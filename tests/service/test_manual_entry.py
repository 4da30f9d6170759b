"""The seller's home use case and what it records by hand (``service.manual_entry``): "done"
touches the very contact of the pursuit, the log form's rows go through the Ascent CSV import
or are refused with nothing written, and plan items find their contacts among namesakes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from ascent.analytics.jigsaw import PILLARS
from ascent.bootstrap import scoped_unit_of_work
from ascent.errors import NotFound
from ascent.importers import ascent_csv
from ascent.importers.ascent_csv import RowError
from ascent.importers.read_path import IMPORT_PATH_ENV
from ascent.service.directory import person_named
from ascent.service.imports import import_paths
from ascent.service.manual_entry import (
    Entry,
    EntryRefused,
    LoggedEntry,
    log_entry,
    logged_entries,
    record_done,
)
from ascent.service.pursuits import pursuit_rows
from ascent.service.seller_home import ADVICE, heatmap_days
from ascent.store.models import Account, Activity, Contact, ImportBatch, Outcome
from ascent.store.scope import UnitOfWork

ADA = "ada@north.example"
DAY = date(2026, 3, 10)
CSV = """date,kind,channel,contact,contact_url,account,amount,source,note,id
2026-03-02,message_out,linkedin,Bob Buyer,https://www.linkedin.com/in/bob-1,Acme Ltd,,,,m1
2026-03-02,message_out,linkedin,Bob Buyer,https://www.linkedin.com/in/bob-2,Initech,,,,m2
2026-03-03,email_out,email,Cara Client,,Globex,,,,e1
"""


@contextmanager
def _in(engine: Engine) -> Iterator[UnitOfWork]:
    with scoped_unit_of_work(engine, write=True) as uow:
        yield uow


@pytest.fixture
def ada(engine: Engine, tmp_path: Path) -> int:
    """Ada's person id; she wrote to two Bob Buyers (Acme, Initech) and e-mailed Cara."""
    path = tmp_path / "touches.csv"
    path.write_text(CSV, encoding="utf-8")
    with _in(engine) as uow:
        import_paths(uow, paths=[path], person=ADA)
        return person_named(uow, ADA).id


def _contact(uow: UnitOfWork, account: str) -> int:
    found = select(Contact.id).join(Account, Account.id == Contact.account_id)
    return int(uow.session.scalars(found.where(Account.name == account)).one())


def _touches(uow: UnitOfWork) -> dict[int, int]:
    rows = pursuit_rows(uow, as_of=DAY, person=ADA)
    return {r.pursuit.contact_id: r.pursuit.touches for r in rows}


def _count(uow: UnitOfWork, model: type[Activity] | type[Outcome] | type[ImportBatch]) -> int:
    return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def test_done_touches_the_namesake_the_item_names(engine: Engine, ada: int) -> None:
    with _in(engine) as uow:
        acme, initech, cara = (_contact(uow, a) for a in ("Acme Ltd", "Initech", "Globex"))
        report = record_done(uow, person_id=ada, contact_id=initech, day=DAY)
        assert report.to_dict()["counts"] == {"message_out": 1}
        assert _touches(uow) == {acme: 1, initech: 2, cara: 1}
        batches = _count(uow, ImportBatch)
        again = record_done(uow, person_id=ada, contact_id=initech, day=DAY)
        assert (again.duplicates, _touches(uow)[initech]) == (1, 2)
        assert _count(uow, ImportBatch) == batches  # the same touch again writes nothing
        touch = uow.session.execute(
            select(Activity.kind, Activity.channel, Activity.day, Activity.source_key).where(
                Activity.contact_id == initech, Activity.day == DAY
            )
        ).one()
        assert tuple(touch) == ("message_out", "linkedin", DAY, f"csv:done:{initech}:2026-03-10")


def test_done_on_an_e_mail_pursuit_is_an_e_mail(engine: Engine, ada: int) -> None:
    with _in(engine) as uow:
        cara = _contact(uow, "Globex")
        record_done(uow, person_id=ada, contact_id=cara, day=DAY)
        touch = uow.session.execute(
            select(Activity.kind, Activity.channel).where(
                Activity.contact_id == cara, Activity.day == DAY
            )
        ).one()
        assert tuple(touch) == ("email_out", "email")
        assert _touches(uow)[cara] == 2


def test_done_needs_a_pursuit(engine: Engine, ada: int) -> None:
    with _in(engine) as uow, pytest.raises(NotFound, match="no pursuit of contact 987654"):
        record_done(uow, person_id=ada, contact_id=987654, day=DAY)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (Entry("tea", "Dan", DAY), "unknown kind 'tea': log one of coffee, call, meeting, "),
        (Entry("coffee", " ", DAY), "say with whom: the contact's name is empty"),
        (Entry("call", "Dan", date(2026, 3, 11)), "2026-03-11 is after 2026-03-10: log what "),
        (Entry("deal_won", "Dan", DAY, amount="12k"), "unreadable amount '12k' "),
    ],
)
def test_a_refused_entry_writes_nothing(
    engine: Engine, ada: int, entry: Entry, message: str
) -> None:
    with _in(engine) as uow:
        before = [_count(uow, m) for m in (Activity, Outcome, ImportBatch)]
        with pytest.raises(EntryRefused) as refused:
            log_entry(uow, person_id=ada, entry=entry, as_of=DAY)
        assert str(refused.value).startswith(message)
        assert [_count(uow, m) for m in (Activity, Outcome, ImportBatch)] == before


@pytest.mark.parametrize("read_path", ["rows", "columns"])
def test_a_coffee_and_a_deal_are_imported_rows(
    engine: Engine, ada: int, read_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On either read path of the import (a one-row file is read by rows unless forced; on
    columns the coffee is read back from an ``ActivityBatch``)."""
    monkeypatch.setenv(IMPORT_PATH_ENV, read_path)
    coffee = Entry("coffee", "Dan Decider", date(2026, 3, 9), "linkedin.com/in/dan", note="oat")
    deal = Entry("deal_won", "Dan Decider", DAY, amount="12000.50")
    with _in(engine) as uow:
        first = log_entry(uow, person_id=ada, entry=coffee, as_of=DAY)
        assert (first.to_dict()["counts"], first.files[0]["format"]) == (
            {"meeting": 1},
            "ascent_csv",
        )
        with pytest.raises(EntryRefused, match=r"^already logged: coffee with Dan Decider on "):
            log_entry(uow, person_id=ada, entry=coffee, as_of=DAY)
        assert log_entry(uow, person_id=ada, entry=deal, as_of=DAY).to_dict()["counts"] == {
            "deal_won": 1
        }
        met = uow.session.execute(
            select(Activity.kind, Activity.channel, Activity.contact_id).where(
                Activity.day == date(2026, 3, 9)
            )
        ).one()
        won = uow.session.execute(select(Outcome.amount, Outcome.contact_id)).one()
        assert (met.kind, met.channel, won.amount) == ("meeting", "meeting", 12000.5)
        assert met.contact_id == won.contact_id  # the profile URL and the name join one Dan
        assert logged_entries(uow, person_id=ada, as_of=DAY) == [
            LoggedEntry(DAY, "deal_won", "Dan Decider", 12000.5),
            LoggedEntry(date(2026, 3, 9), "coffee", "Dan Decider", None),
        ]
        assert logged_entries(uow, person_id=ada, as_of=date(2026, 3, 9), limit=1) == [
            LoggedEntry(date(2026, 3, 9), "coffee", "Dan Decider", None)
        ]


def test_a_second_coffee_is_told_apart_by_its_note_and_the_same_one_is_refused(
    engine: Engine, ada: int
) -> None:
    first = Entry("coffee", "Dan Decider", DAY, note="pricing")
    second = Entry("coffee", "Dan Decider", DAY, note="the pilot")
    with _in(engine) as uow:
        log_entry(uow, person_id=ada, entry=first, as_of=DAY)
        assert log_entry(uow, person_id=ada, entry=second, as_of=DAY).to_dict()["counts"] == {
            "meeting": 1
        }
        before = [_count(uow, m) for m in (Activity, Outcome, ImportBatch)]
        with pytest.raises(EntryRefused) as refused:
            log_entry(uow, person_id=ada, entry=second, as_of=DAY)
        assert str(refused.value) == (
            "already logged: coffee with Dan Decider on 2026-03-10 "
            "(a second one that day? say what it was about in the note)"
        )
        assert [_count(uow, m) for m in (Activity, Outcome, ImportBatch)] == before
        assert logged_entries(uow, person_id=ada, as_of=DAY) == [
            LoggedEntry(DAY, "coffee", "Dan Decider", None),
            LoggedEntry(DAY, "coffee", "Dan Decider", None),
        ]


def test_a_row_the_import_would_skip_is_refused_before_anything_is_written(
    engine: Engine, ada: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the importer itself rejects (here: everything) is refused while nothing is
    written, not after the import has committed its batch."""

    def reject(row: dict[str, str]) -> None:
        raise RowError("the importer says no")

    monkeypatch.setattr(ascent_csv, "parse_row", reject)
    with _in(engine) as uow:
        before = [_count(uow, m) for m in (Activity, Outcome, ImportBatch)]
        with pytest.raises(EntryRefused, match=r"^the importer says no$"):
            log_entry(uow, person_id=ada, entry=Entry("call", "Dan", DAY), as_of=DAY)
        assert [_count(uow, m) for m in (Activity, Outcome, ImportBatch)] == before


def test_the_habit_calendar_counts_effort_per_day() -> None:
    days = {
        date(2026, 3, 4): {"post": 1, "message_in": 5},
        date(2026, 3, 9): {"meeting": 1, "call": 2, "connect": 3},
        date(2026, 3, 11): {"post": 4},
    }
    assert heatmap_days(days, DAY, weeks=1) == (
        (date(2026, 3, 4), 1),
        (date(2026, 3, 5), 0),
        (date(2026, 3, 6), 0),
        (date(2026, 3, 7), 0),
        (date(2026, 3, 8), 0),
        (date(2026, 3, 9), 3),
        (date(2026, 3, 10), 0),
    )


def test_every_piece_has_its_advice() -> None:
    assert tuple(ADVICE) == PILLARS
