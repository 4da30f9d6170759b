"""What no export has, logged by hand from the seller's home: a coffee, a call, a meeting, a
deal, and the touch a plan item asks for ("done").

Every entry goes through the same path as an imported Ascent CSV (docs/ascent-csv.md): the
entry becomes one row of that format, written to a temporary file and imported with
``service.imports.import_paths``. So a logged row is deduplicated, rolled up, attributed to
its contact and listed among the imports exactly like one in a file: there is no second way
into the store to keep in step with the first.

The row is written to the file and read back by the importer itself before anything is
stored: the import would only report a bad row as skipped after committing its batch, so a
refusal ("nothing written") must come first. The row names no person: the import is told the
person's id, since two people may share a name. An entry already logged (the same day, kind,
contact, amount and note: a form sent twice) is refused as "already logged" before the
import, so the page never says a second coffee was logged when nothing was added.
"""

from __future__ import annotations

import csv
import hashlib
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final

from sqlalchemy import null, select

from ascent.domain.records import (
    ActivityRecord,
    OutcomeRecord,
    Rejected,
    expanded,
    fit_source_key,
)
from ascent.domain.records import source_digest as digest_of
from ascent.domain.vocabulary import DEAL_KINDS, TOUCH_KINDS
from ascent.errors import AscentError, NotFound
from ascent.importers.ascent_csv import COLUMNS
from ascent.importers.registry import open_source
from ascent.service.directory import person_named
from ascent.service.imports import ImportReport, import_paths
from ascent.store.models import (
    Account,
    Activity,
    Contact,
    ContactIdentity,
    Outcome,
    stored_text,
)
from ascent.store.scope import UnitOfWork

#: the form's kinds -> the Ascent CSV kind and channel they are recorded as; a coffee is a
#: meeting in person (the word is kept in the row's id, so the home can say "coffee")
LOG_KINDS: Final[dict[str, tuple[str, str | None]]] = {
    "coffee": ("meeting", "meeting"),
    "call": ("call", "phone"),
    "meeting": ("meeting", "meeting"),
    "deal_won": ("deal_won", None),
    "deal_lost": ("deal_lost", None),
}
#: what a hand-logged row's id starts with (its source key is ``csv:`` + the id)
LOG_PREFIX: Final = "log:"
DONE_PREFIX: Final = "done:"
#: the touch "done" records on a pursuit's channel (a message on the networks)
TOUCH_OF_CHANNEL: Final[dict[str, str]] = {
    "email": "email_out",
    "phone": "call",
    "meeting": "meeting",
}
#: the file name a logged row is imported from (the import's ``source``)
FILE_NAME: Final = "logged-by-hand.csv"
#: how a second, identical entry can be logged (its note makes it another row)
_TELL_APART: Final = "(a second one that day? say what it was about in the note)"


class EntryRefused(AscentError):
    """A hand-logged entry cannot be recorded; the message says why, in one line."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One thing to log: ``kind`` is a key of ``LOG_KINDS``; ``amount`` counts for a deal only."""

    kind: str
    contact: str
    day: date
    profile_url: str | None = None
    amount: str | None = None
    note: str | None = None


def log_entry(uow: UnitOfWork, *, person_id: int, entry: Entry, as_of: date) -> ImportReport:
    """Record ``entry`` for the person as one Ascent CSV row; commit. Refused (``EntryRefused``,
    also when the very same entry is already logged): nothing written."""
    row = _entry_row(entry, as_of)
    row["id"] = f"{LOG_PREFIX}{entry.kind}:{_digest(row)}"
    again = f"already logged: {entry.kind.replace('_', ' ')} with {row['contact']} on {entry.day}"
    return _import_row(uow, person_id=person_id, row=row, refuse_again=f"{again} {_TELL_APART}")


def record_done(uow: UnitOfWork, *, person_id: int, contact_id: int, day: date) -> ImportReport:
    """The touch a plan item asks for: one to ``contact_id`` on ``day``, on the channel of the
    pursuit's last touch; commit. Twice on one day is one touch (the row's id is the same):
    the second writes nothing and reports one duplicate."""
    channel = _last_touch_channel(uow, person_id, contact_id)
    row = {
        "date": day.isoformat(),
        "kind": TOUCH_OF_CHANNEL.get(channel, "message_out"),
        "channel": channel,
        **_contact_cells(uow, contact_id),
        "id": f"{DONE_PREFIX}{contact_id}:{day.isoformat()}",
    }
    return _import_row(uow, person_id=person_id, row=row)


def _entry_row(entry: Entry, as_of: date) -> dict[str, str]:
    """The entry's Ascent CSV cells, or ``EntryRefused`` with the first problem."""
    if entry.kind not in LOG_KINDS:
        raise EntryRefused(f"unknown kind {entry.kind!r}: log one of {', '.join(LOG_KINDS)}")
    contact = entry.contact.strip()
    if not contact:
        raise EntryRefused("say with whom: the contact's name is empty")
    if entry.day > as_of:
        raise EntryRefused(f"{entry.day} is after {as_of}: log what has happened")
    kind, channel = LOG_KINDS[entry.kind]
    return {
        "date": entry.day.isoformat(),
        "kind": kind,
        "channel": channel or "",
        "contact": contact,
        "contact_url": (entry.profile_url or "").strip(),
        "amount": (entry.amount or "").strip() if kind in DEAL_KINDS else "",
        "note": (entry.note or "").strip(),
    }


def _import_row(
    uow: UnitOfWork, *, person_id: int, row: dict[str, str], refuse_again: str | None = None
) -> ImportReport:
    """Import ``row`` for the person ``person_id`` as a one-row Ascent CSV; commit.

    Everything that refuses it comes first, while nothing is written (an import commits its
    batch even when it skips the row): the row as the importer reads it back from the file,
    then whether it is stored already (``refuse_again`` says so; without it the answer is a
    report of one duplicate).
    """
    person = person_named(uow, person_id)  # by id: another person may have the same name
    with _one_row_file(row) as path:
        record = _read_back(path)
        if _stored(uow, person.id, record):
            if refuse_again is not None:
                raise EntryRefused(refuse_again)
            return ImportReport(person=person.name, duplicates=1)
        return import_paths(uow, paths=[path], person=person.id)


@contextmanager
def _one_row_file(row: dict[str, str]) -> Iterator[Path]:
    """``row`` as an Ascent CSV file of its own (without a person: the import is told whose)."""
    with tempfile.TemporaryDirectory(prefix="ascent-log-") as folder:
        path = Path(folder) / FILE_NAME
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerow({c: row.get(c, "") for c in COLUMNS if c != "person"})
        yield path


def _read_back(path: Path) -> ActivityRecord | OutcomeRecord:
    """The file's one record as the import will read it; a row it would skip is refused."""
    source, importer = open_source(path)
    with source:
        records = list(expanded(importer.parse(source)))
    match records:
        case [ActivityRecord() | OutcomeRecord() as record]:
            return record
        case [Rejected(reason=reason)]:
            raise EntryRefused(reason)
    raise EntryRefused(f"the entry was read as {len(records)} records, not one: not logged")


def _stored(uow: UnitOfWork, person_id: int, record: ActivityRecord | OutcomeRecord) -> bool:
    """Whether the person has the record already."""
    return _stored_id(uow, person_id, record) is not None


def _stored_id(
    uow: UnitOfWork, person_id: int, record: ActivityRecord | OutcomeRecord
) -> int | None:
    """The id of the person's stored row of the record, if any: the import's own dedup key
    (the digest of the stored source key, with the channel for an activity) on its unique
    index."""
    key = fit_source_key(stored_text(record.source_key))
    if isinstance(record, ActivityRecord):
        model: type[Activity] | type[Outcome] = Activity
        digest = digest_of(record.channel, key)
    else:
        model, digest = Outcome, digest_of(key)
    found = select(model.id).where(model.person_id == person_id, model.source_digest == digest)
    return uow.session.scalars(found.limit(1)).first()


@dataclass(frozen=True, slots=True)
class LoggedRow:
    """Where one row logged with ``log_row`` is stored, and whether this call added it."""

    table: str
    id: int
    added: bool


def log_row(uow: UnitOfWork, *, person_id: int, row: dict[str, str]) -> LoggedRow:
    """One Ascent CSV row (cells by column, no ``person``) for the person, imported exactly
    as a hand-logged entry is; commit. A row stored already (the same ``id``, or without one
    the same content) is found, not added again; a row the importer would skip is refused
    (``EntryRefused``, nothing written)."""
    person = person_named(uow, person_id)
    with _one_row_file(row) as path:
        record = _read_back(path)
        found = _stored_id(uow, person.id, record)
        added = found is None
        if added:
            import_paths(uow, paths=[path], person=person.id)
            found = _stored_id(uow, person.id, record)
    if found is None:  # read, then not stored: say so rather than answer with no row
        raise EntryRefused("the row was read but not stored")
    table = "activities" if isinstance(record, ActivityRecord) else "outcomes"
    return LoggedRow(table, found, added)


def _digest(row: dict[str, str]) -> str:
    """The entry's content, its note included (as the row's id): the same entry logged twice,
    a form sent again, is one row; a second coffee that day is told apart by its note."""
    material = "\x1f".join(row.get(c, "") for c in COLUMNS if c != "id")
    return hashlib.sha1(material.encode(), usedforsecurity=False).hexdigest()[:16]


def _last_touch_channel(uow: UnitOfWork, person_id: int, contact_id: int) -> str:
    """The channel of the person's latest touch to the contact: where the pursuit runs."""
    a = Activity
    channel = uow.session.scalars(
        select(a.channel)
        .where(a.person_id == person_id, a.contact_id == contact_id, a.kind.in_(TOUCH_KINDS))
        .order_by(a.occurred_at.desc(), a.id.desc())
        .limit(1)
    ).first()
    if channel is None:
        raise NotFound(f"no pursuit of contact {contact_id}")
    return channel


def _contact_cells(uow: UnitOfWork, contact_id: int) -> dict[str, Any]:
    """The contact's name, profile URL and account: the row must resolve to this contact, and
    the profile URL (an exact identity) is what makes it this one and not a namesake. Without
    one (an e-mail-only contact: Ascent CSV has no e-mail column) the name and account join
    it, as they would in an imported file."""
    name, account = uow.session.execute(
        select(Contact.name, Account.name)
        .outerjoin(Account, Account.id == Contact.account_id)
        .where(Contact.id == contact_id)
    ).one()
    url = uow.session.scalars(
        select(ContactIdentity.value)
        .where(ContactIdentity.contact_id == contact_id, ContactIdentity.kind == "profile_url")
        .order_by(ContactIdentity.confidence.desc(), ContactIdentity.id)
        .limit(1)
    ).first()
    if not (name or url):
        raise EntryRefused("this contact has neither a name nor a profile URL to log it by")
    return {"contact": name or "", "contact_url": url or "", "account": account or ""}


@dataclass(frozen=True, slots=True)
class LoggedEntry:
    """A row logged by hand, as the home lists it: "coffee with Ada Example"."""

    day: date
    kind: str
    contact: str | None
    amount: float | None = None

    @property
    def text(self) -> str:
        what = self.kind.replace("_", " ")
        return f"{what} with {self.contact}" if self.contact else what

    def to_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "kind": self.kind,
            "contact": self.contact,
            "amount": self.amount,
            "text": self.text,
        }


def logged_entries(
    uow: UnitOfWork, *, person_id: int, as_of: date, limit: int = 5
) -> list[LoggedEntry]:
    """The person's latest entries logged by hand up to ``as_of``, newest first; the kind is
    the form's word (a coffee), read back from the row's id."""
    key = "csv:" + LOG_PREFIX + "%"
    found: list[tuple[date, int, LoggedEntry]] = []
    for model in (Activity, Outcome):
        rows = uow.session.execute(
            select(model.day, model.id, model.source_key, Contact.name, _amount(model))
            .outerjoin(Contact, Contact.id == model.contact_id)
            .where(model.person_id == person_id, model.day <= as_of)
            .where(model.source_key.like(key))
            .order_by(model.day.desc(), model.id.desc())
            .limit(limit)
        )
        for day, id_, source_key, contact, amount in rows:
            label = source_key.split(":")[2]
            found.append((day, id_, LoggedEntry(day, label, contact, amount)))
    found.sort(key=lambda f: (f[0], f[1]), reverse=True)
    return [entry for _day, _id, entry in found[:limit]]


def _amount(model: type[Activity] | type[Outcome]) -> Any:
    return Outcome.amount if model is Outcome else null()
