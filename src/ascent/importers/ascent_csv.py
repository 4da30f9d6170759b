"""Ascent CSV: our own format for what no export has (a coffee, a call, a meetup, a deal).

One header row (required), then one row per activity or outcome. Columns, any order:

=============  ========  =====================================================================
column         required  meaning
=============  ========  =====================================================================
date           yes       ISO date (``2026-03-05``) or datetime (``2026-03-05T14:30``,
                         ``2026-03-05 14:30:00+01:00``); without an offset it is UTC
kind           yes       an activity kind (``call``, ``meeting``, ``message_out`` …) or an
                         outcome kind (``meeting_booked``, ``opportunity``, ``deal_won``,
                         ``deal_lost``, ``referral``, ``web_visits``)
person         no        the person's e-mail or name; else the import's ``--person``
channel        no        ``linkedin``, ``x``, ``email``, ``phone`` …; default from the kind
contact        no        the counterpart's name
contact_url    no        the counterpart's profile URL
account        no        the counterpart's company
amount         no        a plain number (``12000`` or ``12000.50``): deal value, visit count
source         no        for outcomes: the channel that produced it (``linkedin``)
note           no        free text (stored only when the org stores bodies)
id             no        your stable id for the row; re-importing the same id adds nothing
=============  ========  =====================================================================

Rows with an unknown kind or channel, an unreadable date or amount are reported as skipped,
with file, line and reason; the others import.

A file of ``COLUMNAR_MIN_BYTES`` or more is read as columns (``ascent_csv_columns``, chosen
as LinkedIn's files are by ``read_path.chosen_path``): the same records, by the same
rules (``parse_when``, ``row_kind``, ``digest``), which live here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from ascent.domain.identities import normalise_profile_url
from ascent.domain.records import ActivityRecord, ContactRef, OutcomeRecord, Record, Rejected
from ascent.domain.vocabulary import ACTIVITY_KINDS, CHANNELS, OUTCOME_KINDS
from ascent.errors import InputError
from ascent.importers.read_path import chosen_path
from ascent.importers.source import Source
from ascent.importers.textfiles import Table, has_columns, member_table

COLUMNS = (
    "date",
    "kind",
    "person",
    "channel",
    "contact",
    "contact_url",
    "account",
    "amount",
    "source",
    "note",
    "id",
)
REQUIRED = ("date", "kind")
#: the columns a row without an ``id`` is keyed by (``digest``), joined by ``DIGEST_SEPARATOR``
DIGESTED = tuple(c for c in COLUMNS if c != "note")
DIGEST_SEPARATOR = "\x1f"
IS_HEADER = has_columns(*REQUIRED)
DEFAULT_CHANNEL = {
    "call": "phone",
    "email_out": "email",
    "email_in": "email",
    "meeting": "meeting",
    "event": "event",
}


class RowError(ValueError):
    """A value in one row is unusable; the message is the reason shown to the user."""


class AscentCsvImporter:
    name = "ascent_csv"
    channel = "other"

    def detect(self, source: Source) -> bool:
        if not source.single_file or not source.names()[0].lower().endswith(".csv"):
            return False
        try:
            with member_table(source, source.names()[0], IS_HEADER):
                return True
        except InputError:
            return False

    def parse(self, source: Source) -> Iterator[Record]:
        name = source.names()[0]
        expected = f"a header with {' and '.join(REQUIRED)}"
        with member_table(source, name, IS_HEADER, expected=expected) as table:
            columns = _columns(table)
            records = None
            if chosen_path(source, name) == "columns":
                # imported only now: a small file never pays for importing pyarrow
                from ascent.importers.ascent_csv_columns import read_columns  # noqa: PLC0415

                records = read_columns(source, name, table, columns)
            yield from _read_rows(table, columns) if records is None else records


def _columns(table: Table) -> list[str]:
    """The header's column names as rows are keyed by; ``InputError`` for an unknown one."""
    columns = [c.strip().lower() for c in table.header.names]
    unknown = [c for c in columns if c and c not in COLUMNS]
    if unknown:
        raise InputError(table.label, f"unknown column(s) {', '.join(unknown)}", table.header.line)
    return columns


def _read_rows(table: Table, columns: Sequence[str]) -> Iterator[Record]:
    """Row by row."""
    for line, cells in table.rows():
        if any(c.strip() for c in cells):
            row = dict(zip(columns, cells, strict=False))
            yield _record_or_rejected(table.label, line, row)


def _record_or_rejected(label: str, line: int, row: dict[str, str]) -> Record:
    try:
        return parse_row(row)
    except RowError as exc:
        return Rejected(label, line, str(exc))


@dataclass(frozen=True, slots=True)
class RowKind:
    """What a row's ``kind``, ``channel``, ``amount`` and ``source`` cells say, checked."""

    kind: str
    channel: str
    outcome: bool
    amount: float | None = None
    source_channel: str | None = None


def row_kind(row: Mapping[str, str | None]) -> RowKind:
    """The row's kind and what goes with it; ``RowError`` for the first unusable cell, in the
    order kind, channel, then (outcomes only) amount and source."""
    kind = (row.get("kind") or "").strip().lower()
    if kind not in ACTIVITY_KINDS and kind not in OUTCOME_KINDS:
        raise RowError(f"unknown kind {kind!r}")
    channel = _channel(row.get("channel"), None, "channel") or DEFAULT_CHANNEL.get(kind, "other")
    if kind not in OUTCOME_KINDS:
        return RowKind(kind, channel, outcome=False)
    amount = _amount(row.get("amount"))
    return RowKind(kind, channel, True, amount, _channel(row.get("source"), None, "source"))


def parse_row(row: dict[str, str]) -> ActivityRecord | OutcomeRecord:
    """One row as a record; raises ``RowError`` with the reason when it cannot be used."""
    raw_date = row.get("date", "").strip()
    at = parse_when(raw_date)
    what = row_kind(row)
    contact = ContactRef(
        name=_text(row.get("contact")),
        profile_url=normalise_profile_url(row.get("contact_url")),
        company=_text(row.get("account")),
    )
    key = "csv:" + (_text(row.get("id")) or _digest(row))
    person = _text(row.get("person"))
    if what.outcome:
        return OutcomeRecord(
            source_key=key,
            occurred_at=at,
            raw_time=raw_date,
            kind=what.kind,
            amount=what.amount,
            source_channel=what.source_channel,
            contact=None if contact.is_empty() else contact,
            account=_text(row.get("account")),
            note=_text(row.get("note")),
            person=person,
        )
    return ActivityRecord(
        source_key=key,
        occurred_at=at,
        raw_time=raw_date,
        channel=what.channel,
        kind=what.kind,
        contact=None if contact.is_empty() else contact,
        account=_text(row.get("account")),
        body=_text(row.get("note")),
        person=person,
    )


def parse_when(raw: str) -> datetime:
    """ISO date (midnight UTC) or datetime (UTC unless it carries an offset)."""
    if not raw:
        raise RowError("empty date")
    try:
        if len(raw) == 10:
            return datetime.combine(date.fromisoformat(raw), time(), UTC)
        at = datetime.fromisoformat(raw)
    except ValueError:
        raise RowError(f"unreadable date {raw!r} (use YYYY-MM-DD or ISO datetime)") from None
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _amount(raw: str | None) -> float | None:
    text = (raw or "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise RowError(f"unreadable amount {text!r} (use a plain number like 12000.50)") from None


def _channel(raw: str | None, default: str | None, column: str) -> str | None:
    value = (raw or "").strip().lower()
    if not value:
        return default
    if value not in CHANNELS:
        raise RowError(f"unknown {column} {value!r}")
    return value


def _text(raw: str | None) -> str | None:
    return (raw or "").strip() or None


def _digest(row: dict[str, str]) -> str:
    return digest(DIGEST_SEPARATOR.join((row.get(c) or "").strip() for c in DIGESTED))


def digest(material: str) -> str:
    """The key of a row without an ``id``: SHA-1 of its ``DIGESTED`` cells, stripped and
    joined (stable across imports; not a security measure)."""
    return hashlib.sha1(material.encode(), usedforsecurity=False).hexdigest()


ASCENT_CSV = AscentCsvImporter()
