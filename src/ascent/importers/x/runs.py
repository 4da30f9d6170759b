"""Activities gathered into ``ActivityBatch``es between the other records of a file (issue 10).

The columnar readers add one activity at a time, in the row path's order; another record
(a ``Rejected`` row, a ``ContactRecord``) ``cut`` s the run: the batch so far comes first,
then that record, so that expanding the batches gives the row path's stream record for record.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from ascent.domain.records import ActivityBatch, ContactRef, Record, is_question

CHANNEL = "x"


class Runs:
    """The activities of the current run as columns; counterparts listed once per batch."""

    def __init__(self) -> None:
        self._clear()

    def _clear(self) -> None:
        self.source_key: list[str] = []
        self.occurred_at: list[datetime] = []
        self.raw_time: list[str] = []
        self.kind: list[str] = []
        self.contact: list[int] = []
        self.contacts: dict[ContactRef, int] = {}
        self.link: list[str | None] = []
        self.body: list[str | None] = []

    def add(
        self,
        *,
        source_key: str,
        occurred_at: datetime,
        raw_time: str,
        kind: str,
        contact: ContactRef | None,
        link: str | None,
        body: str | None,
    ) -> None:
        self.source_key.append(source_key)
        self.occurred_at.append(occurred_at)
        self.raw_time.append(raw_time)
        self.kind.append(kind)
        number = -1 if contact is None else self.contacts.setdefault(contact, len(self.contacts))
        self.contact.append(number)
        self.link.append(link)
        self.body.append(body)

    def cut(self, *records: Record) -> Iterator[Record]:
        """The batch so far (if any), then ``records``."""
        if self.source_key:
            size = len(self.source_key)
            yield ActivityBatch(
                source_key=self.source_key,
                occurred_at=self.occurred_at,
                raw_time=self.raw_time,
                channel=[CHANNEL] * size,
                kind=self.kind,
                contact=self.contact,
                contacts=list(self.contacts),
                link=self.link,
                body=self.body,
                is_question=[is_question(body) for body in self.body],
            )
            self._clear()
        yield from records
