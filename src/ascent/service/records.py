"""A person's activities and outcomes, one page at a time in (day, id) order, and one more
logged as an Ascent CSV row (the REST API's ``/people/{id}/activities`` and ``/outcomes``).

A page is read by keyset: the rows after the last one shown, never by an offset, so a page
costs the same however far the reader has gone and rows added meanwhile are neither skipped
nor repeated. A row is created through ``manual_entry.log_row``, the very path a coffee
logged on the seller's home takes (the Ascent CSV importer), so rollups, snapshots and
deduplication stay right; its fields are the columns of docs/ascent-csv.md.

Message and note texts are never listed (a lead reads their sellers' rows; bodies are
the seller's), only what the pages show of them: whether a message asked a question and a
post's coach score.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, select, tuple_

from ascent.domain.vocabulary import ACTIVITY_KINDS, OUTCOME_KINDS
from ascent.errors import ConfigError
from ascent.service.days import FIRST_DAY
from ascent.service.manual_entry import EntryRefused, log_row
from ascent.store.models import Account, Activity, Contact, Outcome
from ascent.store.scope import UnitOfWork

#: a page's position: the (day, id) of the last row shown
Key = tuple[date, int]
Rows = Select[*tuple[Any, ...]]


@dataclass(frozen=True, slots=True)
class ActivityItem:
    """One activity as the API lists it."""

    id: int
    day: date
    occurred_at: datetime
    kind: str
    channel: str
    contact_id: int | None
    contact: str | None
    source_key: str
    is_question: bool
    coach_score: int | None

    @property
    def key(self) -> Key:
        return (self.day, self.id)

    def to_dict(self) -> dict[str, Any]:
        return _listed(self)


@dataclass(frozen=True, slots=True)
class OutcomeItem:
    """One outcome as the API lists it, with the traffic source its export named."""

    id: int
    day: date
    occurred_at: datetime
    kind: str
    amount: float | None
    contact_id: int | None
    contact: str | None
    account: str | None
    source_channel: str | None
    source: str | None
    medium: str | None
    campaign: str | None
    content: str | None
    source_key: str

    @property
    def key(self) -> Key:
        return (self.day, self.id)

    def to_dict(self) -> dict[str, Any]:
        return _listed(self)


@dataclass(frozen=True, slots=True)
class RowEntry:
    """One row to log: the Ascent CSV columns (docs/ascent-csv.md) but the person."""

    date: date | datetime
    kind: str
    channel: str | None = None
    contact: str | None = None
    contact_url: str | None = None
    account: str | None = None
    amount: float | None = None
    source: str | None = None
    note: str | None = None
    #: the caller's stable id: logging the same id again adds nothing
    id: str | None = None

    def cells(self) -> dict[str, str]:
        """The row's CSV cells (an empty cell for what is not given)."""
        values = {
            "date": self.date.isoformat(),
            "kind": self.kind,
            "channel": self.channel,
            "contact": self.contact,
            "contact_url": self.contact_url,
            "account": self.account,
            # a plain number, as the column wants it: 1e-05 is written 0.00001
            "amount": None if self.amount is None else f"{Decimal(repr(self.amount)):f}",
            "source": self.source,
            "note": self.note,
            "id": self.id,
        }
        return {column: "" if v is None else str(v) for column, v in values.items()}


def person_activities(
    uow: UnitOfWork,
    *,
    person_id: int,
    first: date | None = None,
    last: date | None = None,
    after: Key | None = None,
    limit: int,
) -> list[ActivityItem]:
    """Up to ``limit`` of the person's activities from ``first`` to ``last`` (days,
    inclusive), in (day, id) order, after the row ``after``."""
    found = _page(
        _activities(person_id), Activity, first=first, last=last, after=after, limit=limit
    )
    return [ActivityItem(*row) for row in uow.session.execute(found)]


def _activities(person_id: int) -> Rows:
    a = Activity
    return (
        select(
            a.id,
            a.day,
            a.occurred_at,
            a.kind,
            a.channel,
            a.contact_id,
            Contact.name,
            a.source_key,
            a.is_question,
            a.coach_score,
        )
        .outerjoin(Contact, Contact.id == a.contact_id)
        .where(a.person_id == person_id)
    )


def person_outcomes(
    uow: UnitOfWork,
    *,
    person_id: int,
    first: date | None = None,
    last: date | None = None,
    after: Key | None = None,
    limit: int,
) -> list[OutcomeItem]:
    """Up to ``limit`` of the person's outcomes from ``first`` to ``last`` (days, inclusive),
    in (day, id) order, after the row ``after``."""
    found = _page(_outcomes(person_id), Outcome, first=first, last=last, after=after, limit=limit)
    return [OutcomeItem(*row) for row in uow.session.execute(found)]


def _outcomes(person_id: int) -> Rows:
    o = Outcome
    return (
        select(
            o.id,
            o.day,
            o.occurred_at,
            o.kind,
            o.amount,
            o.contact_id,
            Contact.name,
            Account.name,
            o.source_channel,
            o.source,
            o.medium,
            o.campaign,
            o.content,
            o.source_key,
        )
        .outerjoin(Contact, Contact.id == o.contact_id)
        .outerjoin(Account, Account.id == o.account_id)
        .where(o.person_id == person_id)
    )


def _page(
    found: Rows,
    model: type[Activity] | type[Outcome],
    *,
    first: date | None,
    last: date | None,
    after: Key | None,
    limit: int,
) -> Rows:
    """``found`` cut to the days asked for and to one page after ``after`` (keyset)."""
    if first is not None and last is not None and first > last:
        raise ConfigError(f"from {first} is after to {last}")
    if first is not None:
        found = found.where(model.day >= first)
    if last is not None:
        found = found.where(model.day <= last)
    if after is not None:
        found = found.where(tuple_(model.day, model.id) > tuple_(*after))
    return found.order_by(model.day, model.id).limit(limit)


def log_activity(
    uow: UnitOfWork, *, person_id: int, entry: RowEntry, today: date
) -> tuple[ActivityItem, bool]:
    """Log one activity of the person (see the module docstring); commit. Returns the
    stored row and whether this call added it (False: it was logged before)."""
    _check(entry, ACTIVITY_KINDS, "activity", today)
    logged = log_row(uow, person_id=person_id, row=entry.cells())
    if logged.table != "activities":  # unreachable: the kind was checked; never answer wrongly
        raise EntryRefused(f"{entry.kind!r} was not read as an activity")
    return _one_activity(uow, person_id, logged.id), logged.added


def log_outcome(
    uow: UnitOfWork, *, person_id: int, entry: RowEntry, today: date
) -> tuple[OutcomeItem, bool]:
    """Log one outcome of the person (see the module docstring); commit. Returns the stored
    row and whether this call added it (False: it was logged before)."""
    _check(entry, OUTCOME_KINDS, "outcome", today)
    logged = log_row(uow, person_id=person_id, row=entry.cells())
    if logged.table != "outcomes":
        raise EntryRefused(f"{entry.kind!r} was not read as an outcome")
    return _one_outcome(uow, person_id, logged.id), logged.added


def _check(entry: RowEntry, kinds: frozenset[str], what: str, today: date) -> None:
    """Refuse (``EntryRefused``) a kind of the other table and a day the measures do not
    count (after today, before ``days.FIRST_DAY``)."""
    if entry.kind not in kinds:
        raise EntryRefused(f"unknown {what} kind {entry.kind!r}: one of {', '.join(sorted(kinds))}")
    day = _utc_day(entry.date)
    if day > today:
        raise EntryRefused(f"{day} is after {today}: log what has happened")
    if day < FIRST_DAY:
        raise EntryRefused(f"{day} is before {FIRST_DAY}, the first day Ascent counts")


def _one_activity(uow: UnitOfWork, person_id: int, activity_id: int) -> ActivityItem:
    found = _activities(person_id).where(Activity.id == activity_id)
    return ActivityItem(*uow.session.execute(found).one())


def _one_outcome(uow: UnitOfWork, person_id: int, outcome_id: int) -> OutcomeItem:
    found = _outcomes(person_id).where(Outcome.id == outcome_id)
    return OutcomeItem(*uow.session.execute(found).one())


def _listed(item: ActivityItem | OutcomeItem) -> dict[str, Any]:
    """A listed row as JSON: its fields in order, the day and the time in ISO 8601."""
    return asdict(item) | {"day": item.day.isoformat(), "occurred_at": _iso(item.occurred_at)}


def _iso(moment: datetime) -> str:
    """A stored time in UTC, ISO 8601 with its offset (SQLite gives back naive UTC times)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat()


def _utc_day(moment: date | datetime) -> date:
    """The day a row is stored under: a time's day in UTC (naive times are UTC)."""
    if isinstance(moment, datetime):
        return (moment.astimezone(UTC) if moment.tzinfo else moment).date()
    return moment
