"""Pipedrive deals exports, CSV or XLSX (FORMATS §5.3).

Columns are ``<Entity> - <Field>`` (``Deal - Title``, ``Person - Email``) and are matched
after folding case, diacritics, dashes (``–``) and spaces, so ``Deal – Title`` and
``deal - title`` are one column; ``labels`` maps the Czech ones. ``Deal - Status`` says
Open/Won/Lost: a won deal is dated by ``Won time``, a lost one by ``Lost time`` (either falls
back to ``Deal closed on``); deleted deals are left out and counted in a note. XLSX date cells
come as datetimes or Excel serial days (``45371`` = 2024-03-20). Times are the user's and
taken as UTC.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ascent.domain.identities import crm_uid, normalise_email
from ascent.domain.records import ContactRef
from ascent.importers.crm.attribution import lead_source_attribution
from ascent.importers.crm.deals import (
    LOST,
    OPEN,
    WON,
    DateCell,
    Deal,
    DealsImporter,
    data_rows,
    owner_of,
)
from ascent.importers.crm.pipedrive_labels import COLUMNS, STATUSES, label_key
from ascent.importers.crm.sheets import (
    Sheet,
    require_columns,
)
from ascent.importers.crm.values import RowError
from ascent.importers.textfiles import cell

SYSTEM = "pipedrive"
_ENTITY_PREFIXES = ("deal-", "obchod-")
_EXPECTED = "Deal - … columns with Deal - Status or Deal - Title"
DELETED = "deleted"


def columns_of(names: tuple[str, ...] | list[str]) -> dict[str, int]:
    """Each known field (``COLUMNS``) → its position in ``names``; the first alias present wins."""
    keys = [label_key(n) for n in names]
    found: dict[str, int] = {}
    for field_name, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in keys:
                found[field_name] = keys.index(alias)
                break
    return found


def is_header(row: list[str]) -> bool:
    """A ``Deal - …`` (or localised) column, and the deal's status or title."""
    if not any(label_key(c).startswith(_ENTITY_PREFIXES) for c in row):
        return False
    found = columns_of(row)
    return "status" in found or "title" in found


@dataclass
class DealsColumns:
    """Where a deals export keeps each field, and how many deleted deals it held."""

    names: tuple[str, ...]
    deleted: int = 0
    _cols: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._cols = columns_of(self.names)

    @classmethod
    def of(cls, sheet: Sheet) -> DealsColumns:
        columns = cls(sheet.header.names)
        found = columns._cols
        dated = next((found[f] for f in ("created", "won", "lost", "closed") if f in found), None)
        require_columns(
            sheet,
            {
                "Deal - ID": found.get("id"),
                "Deal - Status": found.get("status"),
                "Deal - Deal created, Won time or Lost time": dated,
            },
        )
        return columns

    @property
    def date_columns(self) -> tuple[int | None, ...]:
        return tuple(self._cols.get(f) for f in ("created", "won", "lost", "closed"))

    @property
    def amount_column(self) -> int | None:
        return self._cols.get("value")

    @property
    def currency_column(self) -> int | None:
        return self._cols.get("currency")

    def rows(self, sheet: Sheet) -> Iterator[tuple[int, list[str]]]:
        self.deleted = 0
        return data_rows(sheet)

    def notes(self) -> list[str]:
        if not self.deleted:
            return []
        return [f"left out {self.deleted} deleted deal(s)"]

    def deal(self, row: list[str]) -> Deal | None:
        deal_id, raw_status = self._get(row, "id"), self._get(row, "status")
        if not deal_id:
            raise RowError(f"no {self._label('id')}")
        status = self._status(raw_status)
        if status == DELETED:
            self.deleted += 1
            return None
        return Deal(
            key=crm_uid(SYSTEM, "deal", deal_id),
            status=status,
            created=self._date(row, "created"),
            closed=self._closed(row, status),
            amount=self._get(row, "value"),
            owner=owner_of(self._get(row, "owner")),
            title=self._get(row, "title") or None,
            account=self._get(row, "organization") or None,
            contact=self._contact(row),
            attribution=lead_source_attribution(self._get(row, "source")),
            lost_reason=self._get(row, "lost_reason") or None,
        )

    def _status(self, raw: str) -> str:
        if not raw:
            raise RowError(f"no {self._label('status')}")
        status = STATUSES.get(label_key(raw))
        if status is None:
            raise RowError(f"unknown status {raw!r} (expected Open, Won, Lost or Deleted)")
        return status

    def _closed(self, row: list[str], status: str) -> DateCell:
        """Won time for a won deal, Lost time for a lost one, else Deal closed on."""
        own = {WON: "won", LOST: "lost"}.get(status)
        if own and (self._get(row, own) or "closed" not in self._cols):
            return self._date(row, own)
        return self._date(row, "closed") if status != OPEN else DateCell("")

    def _contact(self, row: list[str]) -> ContactRef | None:
        person_id = self._get(row, "person_id")
        email = self._get(row, "email").replace(";", ",").split(",")[0]
        contact = ContactRef(
            name=self._get(row, "contact") or None,
            email=normalise_email(email),
            company=self._get(row, "organization") or None,
            uid=crm_uid(SYSTEM, "person", person_id) if person_id else None,
        )
        return None if contact.is_empty() else contact

    def _get(self, row: list[str], name: str) -> str:
        return cell(row, self._cols.get(name))

    def _label(self, name: str) -> str:
        index = self._cols.get(name)
        return COLUMNS[name][0] if index is None else self.names[index]

    def _date(self, row: list[str], name: str) -> DateCell:
        return DateCell(self._label(name), self._get(row, name))


PIPEDRIVE = DealsImporter(SYSTEM, is_header, DealsColumns.of, "Pipedrive deals export", _EXPECTED)

__all__ = ["PIPEDRIVE", "DealsColumns", "columns_of", "is_header"]
