"""What a CRM deal becomes (DESIGN §3 outcomes), the same for HubSpot, Salesforce and Pipedrive.

A deal gives an ``opportunity`` (with its amount) on its create date when the export has
one, a ``deal_won`` (with its amount) on its close date when won, a ``deal_lost`` on its close
date when lost; an open deal gives only the opportunity. Keys are the CRM's own id plus the
outcome (``hubspot:deal:9001:opportunity`` / ``:won`` / ``:lost``), so a deal that was open in
one export and won in the next adds just its ``deal_won``.

The owner column names the seller: ``person`` with ``match_person`` (the loader matches it to
a person of the org). A row without a date for what it says (an open deal without a create
date, a won or lost deal without a close date) is rejected, never placed on a guessed day.

Every file is read twice: ``read_deal_file`` first lets ``Evidence`` see its dates and amounts
to decide the locale, then turns each row into records.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Protocol

from ascent.domain.records import ContactRef, Note, OutcomeRecord, Record, Rejected
from ascent.errors import InputError
from ascent.importers.crm.attribution import UNKNOWN, Attribution
from ascent.importers.crm.sheets import (
    IsHeader,
    Sheet,
    detected,
    first_row,
    open_sheet,
    source_label,
    tables,
)
from ascent.importers.crm.values import Conventions, Evidence, RowError, parse_amount, parse_when
from ascent.importers.source import Source
from ascent.importers.textfiles import cell

OPEN, WON, LOST = "open", "won", "lost"
#: outcome kind and key suffix per status
OUTCOMES = {WON: ("deal_won", "won"), LOST: ("deal_lost", "lost")}
_WORDS = re.compile(r"[^a-z]+")
#: stage labels that close a deal (Salesforce and HubSpot defaults, HubSpot's internal ids)
WON_STAGES = frozenset({"closed won", "closedwon", "won", "closed and won"})
LOST_STAGES = frozenset({"closed lost", "closedlost", "lost", "closed and lost"})
_NAMED_EMAIL = re.compile(
    r"(?P<name>.*?)\s*[(<\[]\s*(?P<email>[^()<>\[\]\s]+@[^()<>\[\]\s]+)\s*[)>\]]"
)


@dataclass(frozen=True)
class DateCell:
    """A date as the row wrote it and the column it came from (named in rejections)."""

    column: str
    raw: str = ""


@dataclass(frozen=True)
class Deal:
    """One deal row in Ascent's words; dates and amount still raw, parsed in one place."""

    key: str
    status: str
    created: DateCell
    closed: DateCell
    amount: str = ""
    owner: str | None = None
    title: str | None = None
    account: str | None = None
    contact: ContactRef | None = None
    attribution: Attribution = UNKNOWN
    lost_reason: str | None = None


class DealLayout(Protocol):
    """Where a file keeps what ``Evidence`` scans, and how one of its rows becomes a Deal."""

    @property
    def date_columns(self) -> tuple[int | None, ...]: ...
    @property
    def amount_column(self) -> int | None: ...
    @property
    def currency_column(self) -> int | None: ...
    def rows(self, sheet: Sheet) -> Iterator[tuple[int, list[str]]]:
        """The sheet's deal rows (``data_rows`` unless the format adds totals or a footer)."""
        ...

    def deal(self, row: list[str]) -> Deal | None:
        """The row's deal; None for a row that is no deal (skipped); ``RowError`` if unusable."""
        ...

    def notes(self) -> list[str]:
        """What the user should know about the file once it has been read."""
        ...


SheetOpener = Callable[[], AbstractContextManager[Sheet]]


def stage_status(label: str) -> str:
    """``Closed Won`` → won, ``Closed Lost`` → lost, every other stage is open."""
    words = _WORDS.sub(" ", label.lower()).strip()
    if words in WON_STAGES:
        return WON
    return LOST if words in LOST_STAGES else OPEN


def owner_of(name: str, email: str = "") -> str | None:
    """The seller as the loader matches people: the e-mail when known, else the name."""
    named = _NAMED_EMAIL.fullmatch(name.strip())
    if email.strip():
        return email.strip().lower()
    if named is not None:
        return named["email"].lower()
    return name.strip() or None


def named_email(text: str) -> tuple[str | None, str | None]:
    """``Bob Buyer (bob@buyer.example)`` as its name and e-mail; a bare name or e-mail alone."""
    text = text.strip()
    named = _NAMED_EMAIL.fullmatch(text)
    if named is not None:
        return named["name"].strip() or None, named["email"].lower()
    if "@" in text and " " not in text:
        return None, text.lower()
    return text or None, None


def data_rows(sheet: Sheet) -> Iterator[tuple[int, list[str]]]:
    """The sheet's rows that hold anything (blank lines in between are nothing)."""
    for line, row in sheet.rows():
        if any(row):
            yield line, row


def read_deal_file(
    open_sheet: SheetOpener, layout_of: Callable[[Sheet], DealLayout]
) -> Iterator[Record]:
    """Scan the file for its conventions, then yield its outcomes, rejections and notes."""
    with open_sheet() as sheet:
        layout, label = layout_of(sheet), sheet.label
        conventions = _scan(layout, layout.rows(sheet), sheet.excel)
    with open_sheet() as sheet:
        for line, row in layout.rows(sheet):
            yield from deal_records(layout, row, conventions, label, line)
    for message in (*conventions.notes, *layout.notes()):
        yield Note(label, message)


def deal_records(
    layout: DealLayout, row: list[str], conventions: Conventions, label: str, line: int
) -> list[Record]:
    """One row's outcomes, or its ``Rejected`` with the reason."""
    try:
        deal = layout.deal(row)
        return [] if deal is None else list(outcomes(deal, conventions))
    except RowError as exc:
        return [Rejected(label, line, str(exc))]


def outcomes(deal: Deal, conventions: Conventions) -> Iterator[OutcomeRecord]:
    """The opportunity (when dated) and the win or loss of ``deal``."""
    created = _when(deal.created, conventions)
    closed = _when(deal.closed, conventions) if deal.status != OPEN else None
    amount = parse_amount(deal.amount, conventions)
    if deal.status == OPEN and created is None:
        raise RowError(f"open deal without a {deal.created.column}")
    if deal.status != OPEN and closed is None:
        raise RowError(f"{deal.status} deal without a {deal.closed.column}")
    if created is not None:
        yield _outcome(
            deal, "opportunity", "opportunity", at=created, raw=deal.created.raw, amount=amount
        )
    if closed is not None:
        kind, suffix = OUTCOMES[deal.status]
        value = amount if deal.status == WON else None
        yield _outcome(deal, kind, suffix, at=closed, raw=deal.closed.raw, amount=value)


def _outcome(
    deal: Deal, kind: str, suffix: str, *, at: datetime, raw: str, amount: float | None
) -> OutcomeRecord:
    attribution = deal.attribution
    note = deal.title
    if kind == "deal_lost" and deal.lost_reason:
        note = f"{note or 'deal'}: lost ({deal.lost_reason})"
    return OutcomeRecord(
        source_key=f"{deal.key}:{suffix}",
        occurred_at=at,
        raw_time=raw,
        kind=kind,
        amount=amount,
        source_channel=attribution.channel,
        contact=deal.contact,
        account=deal.account,
        note=note,
        person=deal.owner,
        source=attribution.source,
        medium=attribution.medium,
        campaign=attribution.campaign,
        content=attribution.content,
        match_person=deal.owner is not None,
    )


def _when(date: DateCell, conventions: Conventions) -> datetime | None:
    if not date.raw:
        return None
    try:
        return parse_when(date.raw, conventions)
    except ValueError:
        raise RowError(f"unreadable date {date.raw!r} in {date.column}") from None


def _scan(layout: DealLayout, rows: Iterable[tuple[int, list[str]]], excel: bool) -> Conventions:
    evidence = Evidence(excel=excel)
    dates, amount, currency = layout.date_columns, layout.amount_column, layout.currency_column
    for _, row in rows:
        for index in dates:
            evidence.see_date(cell(row, index))
        evidence.see_amount(cell(row, amount), cell(row, currency))
    return evidence.conventions()


@dataclass
class DealsImporter:
    """The ``Importer`` of a CRM whose export is one kind of deals table, CSV or XLSX
    (Salesforce, Pipedrive): every table whose header ``is_header`` accepts is read with the
    layout ``layout_of`` finds in it. A pure parser."""

    name: str
    is_header: IsHeader
    layout_of: Callable[[Sheet], DealLayout]
    #: what the export is called and what its header has, for the error when none is found
    export: str
    expected: str
    channel: str = "crm"

    def detect(self, source: Source) -> bool:
        return detected(source, self.is_header)

    def parse(self, source: Source) -> Iterator[Record]:
        found = [t for t in tables(source) if self.is_header(list(first_row(source, t)))]
        if not found:
            raise InputError(source_label(source), f"no {self.export} ({self.expected})")
        for table in found:
            opener = partial(open_sheet, source, table, self.is_header, expected=self.expected)
            yield from read_deal_file(opener, self.layout_of)
