"""Outcome rows in Ascent's own CSV format, the one ``ascent import`` reads for what no
social export holds (meetings booked, opportunities, deals, referrals).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Final

OUTCOMES_HEADER: Final = (
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


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    """One outcome; ``when`` is a date, or an aware datetime for a booked meeting's time."""

    when: date | datetime
    kind: str
    person: str
    contact: str
    contact_url: str
    account: str
    id: str = ""
    amount: int | None = None
    channel: str = "linkedin"
    source: str = "linkedin"
    note: str = ""

    @property
    def day(self) -> date:
        return self.when.date() if isinstance(self.when, datetime) else self.when


def render_outcomes(rows: Iterable[OutcomeRow]) -> str:
    """UTF-8 CSV with the header row the Ascent CSV importer requires."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(OUTCOMES_HEADER)
    writer.writerows(
        (
            r.when.isoformat(),
            r.kind,
            r.person,
            r.channel,
            r.contact,
            r.contact_url,
            r.account,
            "" if r.amount is None else str(r.amount),
            r.source,
            r.note,
            r.id,
        )
        for r in rows
    )
    return out.getvalue()


def write_outcomes(path: Path, rows: Iterable[OutcomeRow]) -> Path:
    """Write an outcomes CSV; usable on its own as a test fixture."""
    path.write_bytes(render_outcomes(rows).encode("utf-8"))
    return path
