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
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, date, datetime, time

from ascent.domain.identities import normalise_profile_url
from ascent.domain.records import ActivityRecord, ContactRef, OutcomeRecord, Record, Rejected
from ascent.domain.vocabulary import ACTIVITY_KINDS, CHANNELS, OUTCOME_KINDS
from ascent.errors import InputError
from ascent.importers.source import Source
from ascent.importers.textfiles import has_columns, member_table

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
            columns = [c.strip().lower() for c in table.header.names]
            unknown = [c for c in columns if c and c not in COLUMNS]
            if unknown:
                raise InputError(
                    table.label, f"unknown column(s) {', '.join(unknown)}", table.header.line
                )
            for line, cells in table.rows():
                if any(c.strip() for c in cells):
                    row = dict(zip(columns, cells, strict=False))
                    yield _record_or_rejected(table.label, line, row)


def _record_or_rejected(label: str, line: int, row: dict[str, str]) -> Record:
    try:
        return parse_row(row)
    except RowError as exc:
        return Rejected(label, line, str(exc))


def parse_row(row: dict[str, str]) -> ActivityRecord | OutcomeRecord:
    """One row as a record; raises ``RowError`` with the reason when it cannot be used."""
    raw_date, kind = row.get("date", "").strip(), row.get("kind", "").strip().lower()
    at = parse_when(raw_date)
    if kind not in ACTIVITY_KINDS and kind not in OUTCOME_KINDS:
        raise RowError(f"unknown kind {kind!r}")
    channel = _channel(row.get("channel"), None, "channel") or DEFAULT_CHANNEL.get(kind, "other")
    contact = ContactRef(
        name=_text(row.get("contact")),
        profile_url=normalise_profile_url(row.get("contact_url")),
        company=_text(row.get("account")),
    )
    key = "csv:" + (_text(row.get("id")) or _digest(row))
    person = _text(row.get("person"))
    if kind in OUTCOME_KINDS:
        return OutcomeRecord(
            source_key=key,
            occurred_at=at,
            raw_time=raw_date,
            kind=kind,
            amount=_amount(row.get("amount")),
            source_channel=_channel(row.get("source"), None, "source"),
            contact=None if contact.is_empty() else contact,
            account=_text(row.get("account")),
            note=_text(row.get("note")),
            person=person,
        )
    return ActivityRecord(
        source_key=key,
        occurred_at=at,
        raw_time=raw_date,
        channel=channel,
        kind=kind,
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
    material = "\x1f".join((row.get(c) or "").strip() for c in COLUMNS if c != "note")
    return hashlib.sha1(material.encode(), usedforsecurity=False).hexdigest()


ASCENT_CSV = AscentCsvImporter()
