"""HubSpot CRM exports (FORMATS §5.1): deals become outcomes, contacts become contacts.

An export is one CSV/XLSX file or a ZIP/folder of them (``hubspot-crm-exports-all-deals-
2024-11-04.csv``, ``…-all-contacts-2024-11-04-1.csv``, a saved view's name instead of
``all-deals``). Files are told apart by their header, never by their name: the first column is
always ``Record ID``; a ``Deal Stage``, ``Deal Name`` or ``Deal owner`` column makes a deals
file (which then must have ``Deal Stage``: without it the file is an error, not unknown),
``Email``/``First Name``/``Last Name`` a contacts file; other objects (companies, tickets)
are noted and left out.

Contacts are read first, so deals join them on ``Associated Contact IDs`` (the first id of
``501;502``) for the buyer's e-mail and, when a deal carries no attribution of its own, the
contact's ``Original Source``. Column labels are matched in English only (HubSpot localises
them; other languages are not recognised yet). Dates are portal-local and taken as UTC.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from functools import partial

from ascent.domain.identities import crm_uid, normalise_email
from ascent.domain.records import ContactRef, Note, Record
from ascent.errors import InputError
from ascent.importers.crm.attribution import UNKNOWN, Attribution
from ascent.importers.crm.deals import (
    DateCell,
    Deal,
    data_rows,
    named_email,
    owner_of,
    read_deal_file,
    stage_status,
)
from ascent.importers.crm.hubspot_contacts import KnownContact, attribution_of, read_contacts
from ascent.importers.crm.sheets import (
    Sheet,
    Table,
    detected,
    first_row,
    open_sheet,
    require_columns,
    source_label,
    tables,
)
from ascent.importers.crm.values import RowError
from ascent.importers.source import Source
from ascent.importers.textfiles import Header, cell, header_key

SYSTEM = "hubspot"
DEALS, CONTACTS, OTHER = "deals", "contacts", "other"
DEAL_COLUMNS = ("Deal Stage", "Deal Name", "Deal owner")
CONTACT_COLUMNS = ("Email", "First Name", "Last Name")
_EXPECTED = "Record ID as the first column"


def kind_of(header: tuple[str, ...]) -> str | None:
    """``deals``, ``contacts``, ``other`` (another HubSpot object) or None (not HubSpot)."""
    if not header or header_key(header[0]) != header_key("Record ID"):
        return None
    names = Header(1, header)
    if names.index(*DEAL_COLUMNS) is not None:
        return DEALS
    return CONTACTS if names.index(*CONTACT_COLUMNS) is not None else OTHER


def _is_header(row: list[str]) -> bool:
    return kind_of(tuple(c.strip() for c in row)) is not None


@dataclass
class DealColumns:
    """Where a deals export keeps each field; ``known`` are the contacts of the same export."""

    header: Header
    known: dict[str, KnownContact] = field(default_factory=dict)

    def __post_init__(self) -> None:
        col = self.header.index
        self.record_id, self.stage = col("Record ID"), col("Deal Stage")
        self.created, self.closed = col("Create Date"), col("Close Date")
        self.amount_column = col("Amount", "Amount in company currency")
        self.currency_column = col("Currency")
        self.owner, self.title = col("Deal owner"), col("Deal Name")
        self.company = col("Associated Company", "Associated Company (Primary)")
        self.contact, self.contact_ids = col("Associated Contact"), col("Associated Contact IDs")

    @classmethod
    def of(cls, sheet: Sheet, known: dict[str, KnownContact]) -> DealColumns:
        columns = cls(sheet.header, known)
        dated = columns.closed if columns.closed is not None else columns.created
        require_columns(
            sheet,
            {
                "Record ID": columns.record_id,
                "Deal Stage": columns.stage,
                "Close Date or Create Date": dated,
            },
        )
        return columns

    @property
    def date_columns(self) -> tuple[int | None, ...]:
        return (self.created, self.closed)

    def rows(self, sheet: Sheet) -> Iterator[tuple[int, list[str]]]:
        return data_rows(sheet)

    def notes(self) -> list[str]:
        return []

    def deal(self, row: list[str]) -> Deal:
        record_id, stage = cell(row, self.record_id), cell(row, self.stage)
        if not record_id:
            raise RowError("no Record ID")
        if not stage:
            raise RowError("no Deal Stage")
        contact, known = self._buyer(row)
        own = attribution_of(self.header, row)
        return Deal(
            key=crm_uid(SYSTEM, "deal", record_id),
            status=stage_status(stage),
            created=self._date(row, self.created, "Create Date"),
            closed=self._date(row, self.closed, "Close Date"),
            amount=cell(row, self.amount_column),
            owner=owner_of(cell(row, self.owner)),
            title=cell(row, self.title) or None,
            account=self._company(row, contact),
            contact=contact,
            attribution=_first_known(own, known),
        )

    def _buyer(self, row: list[str]) -> tuple[ContactRef | None, KnownContact | None]:
        """The deal's first associated contact, completed from the contacts export."""
        ids = [i.strip() for i in cell(row, self.contact_ids).split(";") if i.strip()]
        known = self.known.get(ids[0]) if ids else None
        base = known.contact if known else ContactRef()
        name, email = named_email(cell(row, self.contact).split(";")[0])
        contact = ContactRef(
            name=base.name or name,
            email=base.email or normalise_email(email),
            company=base.company or self._company(row, None),
            position=base.position,
            uid=crm_uid(SYSTEM, "contact", ids[0]) if ids else None,
        )
        return (None if contact.is_empty() else contact), known

    def _company(self, row: list[str], contact: ContactRef | None) -> str | None:
        named = cell(row, self.company).split(";")[0].strip()
        return named or (contact.company if contact else None)

    def _date(self, row: list[str], index: int | None, label: str) -> DateCell:
        return DateCell(self.header.names[index] if index is not None else label, cell(row, index))


def _first_known(own: Attribution, known: KnownContact | None) -> Attribution:
    if own != UNKNOWN or known is None:
        return own
    return known.attribution


class HubSpotImporter:
    """The ``Importer`` for HubSpot deals and contacts exports; a pure parser."""

    name = SYSTEM
    channel = "crm"

    def detect(self, source: Source) -> bool:
        return detected(source, lambda row: kind_of(tuple(row)) in (DEALS, CONTACTS))

    def parse(self, source: Source) -> Iterator[Record]:
        kinds = [(table, kind_of(first_row(source, table))) for table in tables(source)]
        if not any(kind in (DEALS, CONTACTS) for _, kind in kinds):
            raise InputError(source_label(source), "no HubSpot deals or contacts export in it")
        known: dict[str, KnownContact] = {}
        for table in (t for t, kind in kinds if kind == CONTACTS):
            with self._open(source, table) as sheet:
                yield from read_contacts(sheet, known)
        for table, kind in kinds:
            if kind == DEALS:
                opener = partial(self._open, source, table)
                yield from read_deal_file(opener, partial(DealColumns.of, known=known))
            elif kind != CONTACTS:
                yield Note(table.label, "not a HubSpot deals or contacts export: left out")

    @staticmethod
    def _open(source: Source, table: Table) -> AbstractContextManager[Sheet]:
        return open_sheet(source, table, _is_header, expected=_EXPECTED)


HUBSPOT = HubSpotImporter()

__all__ = ["HUBSPOT", "DealColumns", "HubSpotImporter", "kind_of"]
