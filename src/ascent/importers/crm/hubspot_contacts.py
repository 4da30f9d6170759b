"""HubSpot contacts exports (FORMATS §5.1): every contact a ``ContactRecord``.

A contact has no dated activity here, but its identities (``hubspot:contact:<Record ID>``,
e-mail, name, company) let the loader join it to the same person seen on other channels and
in later deals. An "all properties" export also carries the first-touch attribution
(``Original Source`` and its drill-downs), which deals of the same export borrow.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ascent.domain.identities import crm_uid, normalise_email
from ascent.domain.records import ContactRecord, ContactRef, Record, Rejected
from ascent.importers.crm.attribution import Attribution, hubspot_attribution
from ascent.importers.crm.deals import data_rows
from ascent.importers.crm.sheets import Sheet, require_columns
from ascent.importers.textfiles import Header, cell

#: the attribution columns: contacts name them ``Original Source``, deals ``… Type``/``Data``
ORIGINAL_SOURCE = ("Original Source", "Original Source Type")
DRILL_DOWN_1 = ("Original Source Drill-Down 1", "Original Source Data 1")
DRILL_DOWN_2 = ("Original Source Drill-Down 2", "Original Source Data 2")


@dataclass(frozen=True)
class KnownContact:
    """A contact of the export as deals join it on ``Associated Contact IDs``."""

    contact: ContactRef
    attribution: Attribution


def attribution_of(header: Header, row: list[str]) -> Attribution:
    """The row's ``Original Source`` + drill-downs (deals' and contacts' labels alike)."""
    col = header.index
    return hubspot_attribution(
        cell(row, col(*ORIGINAL_SOURCE)),
        cell(row, col(*DRILL_DOWN_1)),
        cell(row, col(*DRILL_DOWN_2)),
    )


def read_contacts(sheet: Sheet, known: dict[str, KnownContact]) -> Iterator[Record]:
    """Each contact row as a ``ContactRecord``, remembered in ``known`` by its Record ID."""
    col = sheet.header.index
    i_id = col("Record ID")
    require_columns(sheet, {"Record ID": i_id})
    i_first, i_last, i_email = col("First Name"), col("Last Name"), col("Email")
    i_company = col("Associated Company", "Company Name", "Company")
    i_title = col("Job Title")
    for line, row in data_rows(sheet):
        record_id = cell(row, i_id)
        if not record_id:
            yield Rejected(sheet.label, line, "no Record ID")
            continue
        contact = ContactRef(
            name=f"{cell(row, i_first)} {cell(row, i_last)}".strip() or None,
            email=normalise_email(cell(row, i_email)),
            company=cell(row, i_company).split(";")[0].strip() or None,
            position=cell(row, i_title) or None,
            uid=crm_uid("hubspot", "contact", record_id),
        )
        known[record_id] = KnownContact(contact, attribution_of(sheet.header, row))
        yield ContactRecord(contact)
