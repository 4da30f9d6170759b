"""Salesforce opportunity reports (FORMATS §5.2): Export › Details Only › CSV.

Every value is quoted, rows end in LF while Text Area values (``Next Step``) hold CRLF, the
user picks ISO-8859-1 or UTF-8 (``textfiles`` decodes both), and a footer follows the data
from the first blank line (``"Grand Totals (N records)"``, ``"Confidential Information - Do
Not Distribute"``, the copyright line with ``(c)`` or ``©``). Grouped reports add ``Total`` /
``Subtotal`` rows: a row whose first cell starts so and that has no Opportunity ID is left
out, and counted in a note.

The key is the ``Opportunity ID``: its first 15 characters, since the 18-character form only
adds a case checksum, so a report with either form re-imports as the same deals. Dates and
amounts follow the exporting user's locale (``values``). Column labels are matched in English.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ascent.domain.identities import crm_uid, normalise_email
from ascent.domain.records import ContactRef
from ascent.importers.crm.attribution import lead_source_attribution
from ascent.importers.crm.deals import DateCell, Deal, DealsImporter, owner_of, stage_status
from ascent.importers.crm.sheets import Sheet, require_columns
from ascent.importers.crm.values import RowError
from ascent.importers.textfiles import Header, cell, has_columns

SYSTEM = "salesforce"
_has_stage = has_columns("Stage")
_NAMES = (has_columns("Opportunity Name"), has_columns("Opportunity ID"))
_EXPECTED = "Opportunity Name or Opportunity ID, and Stage"
_ID = re.compile(r"[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?")
_GRAND_TOTAL = re.compile(r"Grand Totals \((\d[\d,.]*) records?\)", re.IGNORECASE)
_TOTAL_ROWS = ("Total", "Subtotal")


def is_header(row: list[str]) -> bool:
    return _has_stage(row) and any(names(row) for names in _NAMES)


def opportunity_key(raw: str) -> str:
    """``salesforce:opportunity:<15-character id>``; ``RowError`` for what is no Salesforce id."""
    if not raw:
        raise RowError("no Opportunity ID")
    if not _ID.fullmatch(raw):
        raise RowError(
            f"unreadable Opportunity ID {raw!r} (Salesforce ids have 15 or 18 characters)"
        )
    return crm_uid(SYSTEM, "opportunity", raw[:15])


@dataclass
class ReportColumns:
    """Where an opportunity report keeps each field, and what its footer said."""

    header: Header
    totals: int = 0
    records: int = 0
    grand_total: int | None = None
    _cols: dict[str, int | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        col = self.header.index
        self._cols = {
            "id": col("Opportunity ID"),
            "stage": col("Stage"),
            "created": col("Created Date"),
            "closed": col("Close Date"),
            "amount": col("Amount"),
            "currency": col("Opportunity Currency", "Amount Currency", "Currency"),
            "owner": col("Opportunity Owner", "Owner Name", "Owner: Full Name"),
            "owner_email": col("Owner Email", "Opportunity Owner Email"),
            "title": col("Opportunity Name"),
            "account": col("Account Name"),
            "source": col("Lead Source"),
            "contact": col("Contact Name", "Primary Contact"),
            "contact_email": col("Contact Email", "Email"),
            "contact_id": col("Contact ID"),
        }

    @classmethod
    def of(cls, sheet: Sheet) -> ReportColumns:
        columns = cls(sheet.header)
        cols = columns._cols
        dated = cols["created"] if cols["closed"] is None else cols["closed"]
        require_columns(
            sheet,
            {
                "Opportunity ID": cols["id"],
                "Stage": cols["stage"],
                "Close Date or Created Date": dated,
            },
        )
        return columns

    @property
    def date_columns(self) -> tuple[int | None, ...]:
        return (self._cols["created"], self._cols["closed"])

    @property
    def amount_column(self) -> int | None:
        return self._cols["amount"]

    @property
    def currency_column(self) -> int | None:
        return self._cols["currency"]

    def rows(self, sheet: Sheet) -> Iterator[tuple[int, list[str]]]:
        """Data rows up to the footer, without Total/Subtotal rows (counted)."""
        self.totals = self.records = 0
        rows = sheet.rows()
        for line, row in rows:
            if not any(row):
                self.grand_total = _grand_total(rows)
                return
            if row[0].startswith(_TOTAL_ROWS) and not self._get(row, "id"):
                self.totals += 1
                continue
            self.records += 1
            yield line, row

    def notes(self) -> list[str]:
        found = []
        if self.totals:
            found.append(f"left out {self.totals} Total/Subtotal rows of a grouped report")
        if self.grand_total is not None and self.grand_total != self.records:
            found.append(
                f"the footer says {self.grand_total} records but the file holds "
                f"{self.records} rows: is the export complete?"
            )
        return found

    def deal(self, row: list[str]) -> Deal:
        key = opportunity_key(self._get(row, "id"))
        stage = self._get(row, "stage")
        if not stage:
            raise RowError("no Stage")
        account = self._get(row, "account") or None
        return Deal(
            key=key,
            status=stage_status(stage),
            created=self._date(row, "created", "Created Date"),
            closed=self._date(row, "closed", "Close Date"),
            amount=self._get(row, "amount"),
            owner=owner_of(self._get(row, "owner"), self._get(row, "owner_email")),
            title=self._get(row, "title") or None,
            account=account,
            contact=self._contact(row, account),
            attribution=lead_source_attribution(self._get(row, "source")),
        )

    def _contact(self, row: list[str], account: str | None) -> ContactRef | None:
        """The buyer when the report has contact columns (Opportunity reports often do not)."""
        contact_id = self._get(row, "contact_id")
        contact = ContactRef(
            name=self._get(row, "contact") or None,
            email=normalise_email(self._get(row, "contact_email")),
            company=account,
            uid=crm_uid(SYSTEM, "contact", contact_id[:15]) if contact_id else None,
        )
        return None if contact.is_empty() else contact

    def _get(self, row: list[str], name: str) -> str:
        return cell(row, self._cols[name])

    def _date(self, row: list[str], name: str, label: str) -> DateCell:
        index = self._cols[name]
        return DateCell(label if index is None else self.header.names[index], cell(row, index))


def _grand_total(footer: Iterator[tuple[int, list[str]]]) -> int | None:
    """N of the footer's ``Grand Totals (N records)``, when it has one."""
    for _, row in footer:
        found = _GRAND_TOTAL.search(" ".join(row))
        if found is not None:
            return int(re.sub(r"\D", "", found[1]))
    return None


SALESFORCE = DealsImporter(SYSTEM, is_header, ReportColumns.of, "Salesforce report", _EXPECTED)

__all__ = ["SALESFORCE", "ReportColumns", "opportunity_key"]
