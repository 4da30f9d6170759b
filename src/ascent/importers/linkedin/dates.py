"""LinkedIn's date formats (FORMATS §1.11), parsed into aware UTC datetimes.

Timezone rule: only ``messages.csv`` and the 2018 UTF-16 files say ``UTC``; every other
LinkedIn timestamp (Shares, Comments, Reactions, Invitations, Connections) carries no zone and
is treated as UTC too, as FORMATS §1.5 infers from the activity ids. Date-only values
(``Connected On``) become midnight UTC. Callers keep the raw text next to the parsed value.

Excel re-saves rewrite dates (``18-Jun-24``, ``4/8/2025 17:19``), so after the fast path for
the machine-written ``YYYY-MM-DD HH:MM:SS[ UTC]`` form a list of lenient formats is tried.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from ascent.domain.records import Rejected
from ascent.importers.textfiles import Table, cell

#: tried in order after the fast path; month-first because LinkedIn writes US dates
LENIENT_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%d %b %Y",
    "%m/%d/%y, %I:%M %p",
    "%m/%d/%Y, %I:%M %p",
    "%m/%d/%y %I:%M %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%y %H:%M",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%d-%b-%y",
    "%d-%b-%Y",
    "%a %b %d %H:%M:%S %Y",
)
_ZONE_SUFFIXES = (" UTC", " GMT")
#: LinkedIn wrote a narrow no-break space before AM/PM in some years
_ODD_SPACES = str.maketrans({"\u202f": " ", "\u00a0": " ", "\t": " "})


def parse_time(raw: str) -> datetime:
    """``raw`` as an aware UTC datetime; ``ValueError`` when no known format fits."""
    fast = _parse_iso_stamp(raw)
    if fast is not None:
        return fast
    text = " ".join(raw.translate(_ODD_SPACES).split())
    text = text.replace(" UTC ", " ")  # Java Date.toString: 'Wed Jun 16 06:56:05 UTC 2021'
    for suffix in _ZONE_SUFFIXES:
        text = text.removesuffix(suffix)
    for fmt in LENIENT_FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise ValueError(f"unreadable date {raw!r}")


def unreadable_date(raw: str, column: str) -> str:
    """Why a row whose date cannot be read is rejected, worded alike by both paths."""
    return f"unreadable date {raw!r} in {column}"


def _parse_iso_stamp(raw: str) -> datetime | None:
    """``YYYY-MM-DD HH:MM:SS`` (optionally `` UTC``) by the C ``fromisoformat``: ~20x faster
    than strptime, and messages.csv can hold a million rows all in this exact form."""
    if len(raw) not in (19, 23) or raw[4] != "-" or raw[10] != " " or raw[13] != ":":
        return None
    if len(raw) == 23 and raw[19:] != " UTC":
        return None
    try:
        return datetime.fromisoformat(raw[:19] + "+00:00")  # tzinfo is the UTC singleton
    except ValueError:
        return None


def dated_rows(
    table: Table, i_date: int | None, column: str
) -> Iterator[tuple[int, list[str], str, datetime] | Rejected]:
    """The table's non-blank rows as (line, row, raw date, time); a row whose date cannot be read is
    ``Rejected`` with its line, so no caller can drop it silently."""
    for line, row in table.rows():
        if not any(c.strip() for c in row):
            continue
        raw = cell(row, i_date)
        try:
            yield line, row, raw, parse_time(raw)
        except ValueError:
            yield Rejected(table.label, line, unreadable_date(raw, column))
