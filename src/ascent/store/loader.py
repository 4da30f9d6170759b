"""The one generic loader: writes any importer's records, deduplicating on stable keys.

Rows go in with ``INSERT … ON CONFLICT DO NOTHING`` against the unique source-key
constraints, in batches, inside the caller's transaction. What was *added* is then counted
from the rows that carry this import batch's id, so duplicates (already stored, or repeated
inside the export) are exactly the parsed rows that were not added, on either engine.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

from sqlalchemy import Connection, Table, func, select
from sqlalchemy.dialects import postgresql, sqlite

from ascent.domain.records import (
    ActivityRecord,
    Note,
    OutcomeRecord,
    OwnerRecord,
    Record,
    Rejected,
)
from ascent.store.contacts import ContactResolver
from ascent.store.models import Activity, Outcome

BATCH_ROWS = 5000


@dataclass
class LoadResult:
    """What one load wrote, found and skipped; becomes the import report."""

    parsed: Counter[str] = field(default_factory=Counter)
    added: Counter[str] = field(default_factory=Counter)
    skipped: list[Rejected] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    owner: OwnerRecord | None = None

    @property
    def duplicates(self) -> int:
        return sum(self.parsed.values()) - sum(self.added.values())


PersonLookup = Callable[[str | None], int]


@dataclass
class Loader:
    """Writes records for one org and import batch.

    ``person_id`` maps a record's ``person`` (None for the import's own person) to an id.
    """

    connection: Connection
    org_id: int
    batch_id: int
    person_id: PersonLookup
    store_bodies: bool = False
    result: LoadResult = field(default_factory=LoadResult)

    def __post_init__(self) -> None:
        self.contacts = ContactResolver(self.connection, self.org_id)
        self._activities: list[dict[str, Any]] = []
        self._outcomes: list[dict[str, Any]] = []

    def load(self, records: Iterable[Record]) -> LoadResult:
        for record in records:
            self._take(record)
        self._flush()
        self._count_added()
        return self.result

    def _take(self, record: Record) -> None:
        match record:
            case ActivityRecord():
                self.result.parsed[record.kind] += 1
                self._activities.append(self._activity_row(record))
                if len(self._activities) >= BATCH_ROWS:
                    self._flush()
            case OutcomeRecord():
                self.result.parsed[record.kind] += 1
                self._outcomes.append(self._outcome_row(record))
                if len(self._outcomes) >= BATCH_ROWS:
                    self._flush()
            case Rejected():
                self.result.skipped.append(record)
            case Note():
                self.result.notes.append(record)
            case OwnerRecord():
                self.result.owner = record

    def _activity_row(self, r: ActivityRecord) -> dict[str, Any]:
        at = r.occurred_at.astimezone(UTC)
        return {
            "org_id": self.org_id,
            "person_id": self.person_id(r.person),
            "contact_id": self.contacts.resolve(r.contact),
            "import_batch_id": self.batch_id,
            "channel": r.channel,
            "kind": r.kind,
            "occurred_at": at,
            "day": at.date(),
            "raw_time": r.raw_time[:64],
            "source_key": r.source_key,
            "link": r.link,
            "body": r.body if self.store_bodies else None,
            "is_question": r.is_question,
        }

    def _outcome_row(self, r: OutcomeRecord) -> dict[str, Any]:
        at = r.occurred_at.astimezone(UTC)
        return {
            "org_id": self.org_id,
            "person_id": self.person_id(r.person),
            "contact_id": self.contacts.resolve(r.contact),
            "account_id": self.contacts.account_id(
                r.account or (r.contact.company if r.contact else None)
            ),
            "import_batch_id": self.batch_id,
            "kind": r.kind,
            "occurred_at": at,
            "day": at.date(),
            "raw_time": r.raw_time[:64],
            "amount": r.amount,
            "source_channel": r.source_channel,
            "note": r.note if self.store_bodies else None,
            "source_key": r.source_key,
        }

    def _flush(self) -> None:
        for table, rows in (
            (Activity.__table__, self._activities),
            (Outcome.__table__, self._outcomes),
        ):
            if rows:
                self.connection.execute(_insert_ignoring_duplicates(self.connection, table), rows)
                rows.clear()

    def _count_added(self) -> None:
        for model in (Activity, Outcome):
            rows = self.connection.execute(
                select(model.kind, func.count())
                .where(model.org_id == self.org_id, model.import_batch_id == self.batch_id)
                .group_by(model.kind)
            )
            self.result.added.update({kind: n for kind, n in rows})


def _insert_ignoring_duplicates(connection: Connection, table: Any) -> Any:
    assert isinstance(table, Table)
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing()
