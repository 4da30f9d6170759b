"""The one generic loader: writes any importer's records, deduplicating on stable keys.

Rows are built in batches of ``BATCH_ROWS`` and staged (``store.staging``: a TEMP table per
target, filled by ``executemany`` on SQLite and ``COPY`` on PostgreSQL); every
``staging.MOVE_ROWS`` staged rows, and at the end, one ``INSERT … SELECT … ON CONFLICT DO
NOTHING`` moves them into ``activities`` / ``outcomes`` against the unique constraints on
``source_digest`` (16 bytes of the stored source key, and of the channel for activities:
``domain.records.source_digest``), all inside the caller's transaction. What was *added* is
then counted from the rows that carry this import batch's id, so duplicates (already
stored, or repeated inside the export) are exactly the parsed rows that were not added, on
either engine.
Every text goes through ``stored_text`` (no control characters), the same on both engines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, event, func, select

from ascent.analytics.coach import coach_score
from ascent.domain.records import (
    ActivityBatch,
    ActivityRecord,
    ContactRecord,
    Note,
    OutcomeRecord,
    OwnerRecord,
    Record,
    Rejected,
    fit_source_key,
    source_digest,
)
from ascent.domain.vocabulary import PUBLISH_KINDS
from ascent.store import staging
from ascent.store.contacts import NOBODY, ContactResolver, Resolution
from ascent.store.models import Activity, Outcome, stored_text
from ascent.store.rollups import batch_filter
from ascent.store.staging import Row, Staging

BATCH_ROWS = 5000


@dataclass
class LoadResult:
    """What one load wrote, found and skipped; becomes the import report."""

    parsed: Counter[str] = field(default_factory=Counter)
    added: Counter[str] = field(default_factory=Counter)
    skipped: list[Rejected] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    owner: OwnerRecord | None = None
    #: CRM owners that match no person -> how many of their records were not imported
    unmatched_owners: Counter[str] = field(default_factory=Counter)
    #: contacts this load created
    new_contacts: int = 0

    @property
    def duplicates(self) -> int:
        return sum(self.parsed.values()) - sum(self.added.values())


PersonLookup = Callable[[str | None], int]
#: a CRM owner (name or e-mail) -> the person it names, or None when it names nobody
PersonMatch = Callable[[str], int | None]


#: activity and outcome columns, in the order rows are built for the bulk insert
ACTIVITY_COLUMNS = (
    "org_id",
    "person_id",
    "contact_id",
    "identity_id",
    "import_batch_id",
    "channel",
    "kind",
    "occurred_at",
    "day",
    "raw_time",
    "source_key",
    "source_digest",
    "link",
    "body",
    "is_question",
    "coach_score",
)
OUTCOME_COLUMNS = (
    "org_id",
    "person_id",
    "contact_id",
    "identity_id",
    "account_id",
    "import_batch_id",
    "kind",
    "occurred_at",
    "day",
    "raw_time",
    "amount",
    "source_channel",
    "source",
    "medium",
    "campaign",
    "content",
    "note",
    "source_key",
    "source_digest",
)
#: page cache for the import connection on SQLite (KiB; SQLite wants it negative): the
#: unique source-digest index is written in random order and outgrows the 2 MB default quickly
SQLITE_IMPORT_CACHE_KIB = 256 * 1024

TRAFFIC_CHARS = 300
#: an activity's own columns, as a record or a batch holds them: source key, time, raw time,
#: channel, kind, link, body, is_question (the coach's score is derived from kind and body)
_Fields = tuple[str, datetime, str, str, str, str | None, str | None, bool]


@dataclass
class _Target:
    """Rows on their way to one table: built (``pending``), then staged, then moved."""

    table: str
    columns: tuple[str, ...]
    pending: list[Row] = field(default_factory=list)
    staging: Staging | None = None


@dataclass
class Loader:
    """Writes records for one org and import batch.

    ``person_id`` maps a record's ``person`` (None for the import's own person) to an id;
    ``match_person`` maps a CRM owner to the person it names, or None (the record is then
    counted in ``unmatched_owners`` instead of written).

    On SQLite rows are built as tuples of the values SQLAlchemy would bind (ISO text for
    times and dates, 0/1 for booleans), skipping per-row bind processing; PostgreSQL gets
    Python values, which binary ``COPY`` encodes. An ``ActivityBatch`` becomes rows column by
    column, its counterparts resolved once each, without one ``ActivityRecord`` per row.
    """

    connection: Connection
    org_id: int
    batch_id: int
    person_id: PersonLookup
    match_person: PersonMatch | None = None
    store_bodies: bool = False
    result: LoadResult = field(default_factory=LoadResult)

    def __post_init__(self) -> None:
        self.contacts = ContactResolver(self.connection, self.org_id)
        self._activities = _Target(Activity.__tablename__, ACTIVITY_COLUMNS)
        self._outcomes = _Target(Outcome.__tablename__, OUTCOME_COLUMNS)
        self._people: dict[str | None, int] = {}
        self._matched: dict[str, int | None] = {}
        self._sqlite = self.connection.dialect.name == "sqlite"

    def load(self, records: Iterable[Record]) -> LoadResult:
        if self._sqlite:
            self._enlarge_sqlite_cache()
        for record in records:
            self._take(record)
        for target in (self._activities, self._outcomes):
            self._stage(target)
            if target.staging is not None:
                target.staging.move()
                target.staging.drop()
        self._count_added()
        self.result.new_contacts = self.contacts.created
        return self.result

    def _enlarge_sqlite_cache(self) -> None:
        """A larger page cache for the rest of this transaction's connection checkout.

        It stays while the caller goes on (the rollups read the batch back: ~8 s of a 1M
        import with the default cache) and is put back when the connection returns to the
        pool, so pooled connections keep the default.
        """
        info = self.connection.connection.info  # the pooled DBAPI connection's, kept on checkin
        if _CACHE_BEFORE in info:
            return
        before = self.connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
        self.connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_IMPORT_CACHE_KIB}")
        info[_CACHE_BEFORE] = int(before)
        engine = self.connection.engine
        if not event.contains(engine, "checkin", _restore_sqlite_cache):
            event.listen(engine, "checkin", _restore_sqlite_cache)

    def _take(self, record: Record) -> None:
        match record:
            case ActivityRecord():
                self.result.parsed[record.kind] += 1
                self._add(self._activities, self._activity_row(record))
            case ActivityBatch():
                self._take_batch(record)
            case OutcomeRecord():
                person_id = self._outcome_person(record)
                if person_id is None:
                    return
                self.result.parsed[record.kind] += 1
                self._add(self._outcomes, self._outcome_row(record, person_id))
            case ContactRecord():
                self.contacts.resolve(record.contact)
            case Rejected():
                self.result.skipped.append(record)
            case Note():
                self.result.notes.append(record)
            case OwnerRecord():
                self.result.owner = record

    def _take_batch(self, batch: ActivityBatch) -> None:
        """An ``ActivityBatch`` as rows, column by column.

        Its counterparts are resolved once each, in the order the rows first name them (the
        order the same rows as records would resolve them in, which decides new contacts).
        """
        if not len(batch):
            return  # as its no records: nobody is looked up (a person may be created)
        self.result.parsed.update(batch.kind)
        person_id = self._person(batch.person)
        resolved = {
            i: self.contacts.resolve(batch.contacts[i])
            for i in dict.fromkeys(batch.contact)
            if i >= 0
        }
        resolved[-1] = NOBODY
        columns = zip(
            batch.source_key,
            batch.occurred_at,
            batch.raw_time,
            batch.channel,
            batch.kind,
            batch.link,
            batch.body,
            batch.is_question,
            strict=True,
        )
        target = self._activities
        for contact, fields in zip(batch.contact, columns, strict=True):
            self._add(target, self._activity_values(person_id, resolved[contact], fields))

    def _add(self, target: _Target, row: Row) -> None:
        target.pending.append(row)
        if len(target.pending) >= BATCH_ROWS:
            self._stage(target)

    def _stage(self, target: _Target) -> None:
        """Stage the pending rows; move the staged ones once there are ``MOVE_ROWS``."""
        if not target.pending:
            return
        if target.staging is None:
            target.staging = Staging(self.connection, target.table, target.columns)
        target.staging.stage(target.pending)
        target.pending.clear()
        if target.staging.staged >= staging.MOVE_ROWS:
            target.staging.move()

    def _person(self, name: str | None) -> int:
        found = self._people.get(name)
        if found is None:
            found = self._people[name] = self.person_id(name)
        return found

    def _outcome_person(self, r: OutcomeRecord) -> int | None:
        """The person an outcome belongs to; None for a CRM owner who is nobody here."""
        if not (r.match_person and r.person and self.match_person):
            return self._person(r.person)
        if r.person not in self._matched:
            self._matched[r.person] = self.match_person(r.person)
        found = self._matched[r.person]
        if found is None:
            self.result.unmatched_owners[r.person] += 1
        return found

    def _when(self, at: datetime) -> tuple[Any, Any]:
        """The UTC time and day as the driver binds them (ISO text on SQLite)."""
        at = at.astimezone(UTC)
        if self._sqlite:
            occurred = _sqlite_datetime(at)
            return occurred, occurred[:10]
        return at, at.date()

    def _activity_row(self, r: ActivityRecord) -> Row:
        fields = (r.source_key, r.occurred_at, r.raw_time, r.channel, r.kind)
        return self._activity_values(
            self._person(r.person),
            self.contacts.resolve(r.contact),
            (*fields, r.link, r.body, r.is_question),
        )

    def _activity_values(self, person_id: int, contact: Resolution, fields: _Fields) -> Row:
        """One activity's row in ``ACTIVITY_COLUMNS`` order, as the driver binds it."""
        source_key, occurred_at, raw_time, channel, kind, link, body, question = fields
        occurred, day = self._when(occurred_at)
        key = _key(source_key)
        return (
            self.org_id,
            person_id,
            *contact,
            self.batch_id,
            channel,
            kind,
            occurred,
            day,
            stored_text(raw_time[:64]),
            key,
            source_digest(channel, key),
            stored_text(link),
            stored_text(body) if self.store_bodies else None,
            int(question) if self._sqlite else question,
            # derived like is_question, so it is kept when the body is not
            coach_score(body) if kind in PUBLISH_KINDS else None,
        )

    def _outcome_row(self, r: OutcomeRecord, person_id: int) -> Row:
        occurred, day = self._when(r.occurred_at)
        contact_id, identity_id = self.contacts.resolve(r.contact)
        company = r.contact.company if r.contact else None
        account_id = self.contacts.account_id(r.account or company)
        if account_id is None and contact_id is not None:
            account_id = self.contacts.contact_accounts.get(contact_id)
        return (
            self.org_id,
            person_id,
            contact_id,
            identity_id,
            account_id,
            self.batch_id,
            r.kind,
            occurred,
            day,
            stored_text(r.raw_time[:64]),
            r.amount,
            r.source_channel,
            *(_clip(v) for v in (r.source, r.medium, r.campaign, r.content)),
            stored_text(r.note) if self.store_bodies else None,
            *_keyed(r.source_key),
        )

    def _count_added(self) -> None:
        for model in (Activity, Outcome):
            rows = self.connection.execute(
                select(model.kind, func.count())
                .where(*batch_filter(model, self.org_id, self.batch_id))
                .group_by(model.kind)
            )
            self.result.added.update(dict(rows.all()))


_CACHE_BEFORE = "ascent_cache_size_before_import"


def _restore_sqlite_cache(dbapi_connection: Any, record: Any) -> None:
    """Pool ``checkin``: put back the page cache size an import enlarged."""
    before = record.info.pop(_CACHE_BEFORE, None) if record is not None else None
    if before is not None and dbapi_connection is not None:
        dbapi_connection.execute(f"PRAGMA cache_size={int(before)}")


def _clip(value: str | None) -> str | None:
    """A traffic value within its column (300): a long ``utm_content`` must not fail a load."""
    return stored_text(value)[:TRAFFIC_CHARS] if value else None


def _key(source_key: str) -> str:
    """The source key as stored: what its digest is computed from, here and in migrations."""
    return fit_source_key(stored_text(source_key))


def _keyed(source_key: str) -> tuple[str, bytes]:
    """An outcome's stored source key and its digest."""
    key = _key(source_key)
    return key, source_digest(key)


def _sqlite_datetime(at: datetime) -> str:
    """The text SQLAlchemy's SQLite ``DateTime`` stores, ``YYYY-MM-DD HH:MM:SS.ffffff``.

    ``at`` is UTC; like SQLAlchemy, the zone is not written.
    """
    return at.isoformat(" ", "microseconds")[:26]
